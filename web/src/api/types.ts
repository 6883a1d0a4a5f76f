import type { z } from 'zod';
import type { sessionView, tokenCreated, tokenView } from '../../../src/features/auth/contract.ts';
import type { auditEntryView } from '../../../src/features/audit/contract.ts';
import type { siteView } from '../../../src/features/sites/contract.ts';
import type { consentCreate } from '../../../src/features/consent/contract.ts';
import type { formSlotView, historyEntry, QueryView } from '../../../src/features/crf/contract.ts';
import type {
  destructionView,
  eventCreate,
  eventView,
  identityInput,
  identityView,
  participantDetail,
  participantSummary,
  visitTimelineEntry,
} from '../../../src/features/participants/contract.ts';
import type {
  screeningCreate,
  screeningCreated,
  screeningQuery,
  screeningView,
} from '../../../src/features/screening/contract.ts';
import type { visitRecordCreate, workItem, worklist } from '../../../src/features/visits/contract.ts';
import type { membershipInput, userView, userWithPassword } from '../../../src/features/users/contract.ts';

/** Names for the contracts' types, inferred from their schemas: none is written by hand here. */
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
export type { StudyProtocol } from '../../../src/protocol/study.ts';
export type { VisitStatus } from '../../../src/protocol/visit-status.ts';
export type ScreeningView = z.infer<typeof screeningView>;
export type ScreeningOutcome = ScreeningView['outcome'];
export type ScreeningCreate = z.input<typeof screeningCreate>;
export type ScreeningCreated = z.infer<typeof screeningCreated>;
export type ScreeningQuery = z.infer<typeof screeningQuery>;
export type ParticipantSummary = z.infer<typeof participantSummary>;
export type ParticipantDetail = z.infer<typeof participantDetail>;
export type ParticipantState = ParticipantSummary['state'];
export type ConsentStatus = ParticipantSummary['consent']['status'];
export type VisitTimelineEntry = z.infer<typeof visitTimelineEntry>;
export type ClinicalEvent = z.infer<typeof eventView>;
export type ClinicalEventKind = ClinicalEvent['kind'];
export type EventCreate = z.input<typeof eventCreate>;
export type IdentityInput = z.input<typeof identityInput>;
export type IdentityView = z.infer<typeof identityView>;
export type ConsentCreate = z.input<typeof consentCreate>;
export type VisitRecordCreate = z.input<typeof visitRecordCreate>;
export type Worklist = z.infer<typeof worklist>;
export type WorkItem = z.infer<typeof workItem>;
export type DestructionView = z.infer<typeof destructionView>;
export type {
  DataQuality,
  EntryView,
  FormRecordView,
  FormStatus,
  LockView,
  QueryView,
  StatusMatrix,
} from '../../../src/features/crf/contract.ts';
export type FormSlotView = z.infer<typeof formSlotView>;
export type HistoryEntry = z.infer<typeof historyEntry>;
export type QueryStatus = QueryView['status'];
