import type { z } from 'zod';
import type { sessionView, tokenCreated, tokenView, totpSetupResponse } from '../../../src/features/auth/contract.ts';
import type { auditEntryView } from '../../../src/features/audit/contract.ts';
import type { siteView } from '../../../src/features/sites/contract.ts';
import type { membershipInput, userView, userWithPassword } from '../../../src/features/users/contract.ts';

export type SessionView = z.infer<typeof sessionView>;
export type SessionUser = SessionView['user'];
export type Language = SessionUser['language'];
export type SiteView = z.infer<typeof siteView>;
export type UserView = z.infer<typeof userView>;
export type UserWithPassword = z.infer<typeof userWithPassword>;
export type MembershipInput = z.infer<typeof membershipInput>;
export type AuditEntry = z.infer<typeof auditEntryView>;
export type TokenView = z.infer<typeof tokenView>;
export type TokenCreated = z.infer<typeof tokenCreated>;
export type TotpSetup = z.infer<typeof totpSetupResponse>;
