import { z } from 'zod';
import { isoDateTime, language, role, username } from '../../core/schemas.ts';

export const signInRequest = z.strictObject({
  username,
  password: z.string().min(1).max(1024),
  totpCode: z.string().trim().optional(),
});

export const membershipView = z.object({ siteId: z.number().nullable(), role });

export const sessionView = z.object({
  user: z.object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    language,
    mustChangePassword: z.boolean(),
    totpEnabled: z.boolean(),
    memberships: z.array(membershipView),
  }),
  /** Send back in the X-CSRF-Token header on every state-changing request. */
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number(),
});
export type SessionView = z.infer<typeof sessionView>;

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});

export const totpSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpEnableRequest = z.strictObject({ secret: z.string().min(16).max(128), code: z.string().trim() });
export const totpDisableRequest = z.strictObject({ password: z.string().min(1).max(1024) });

export const profileUpdate = z
  .strictObject({ displayName: z.string().trim().min(1).max(200).optional(), language: language.optional() })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change');

export const tokenCreateRequest = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const tokenView = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export const tokenCreated = tokenView.extend({
  /** Shown once: only its hash is stored. */
  token: z.string(),
});
