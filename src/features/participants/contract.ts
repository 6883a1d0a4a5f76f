import { z } from 'zod';
import { calendarDate, id, isoDateTime, text } from '../../core/schemas.ts';
import { visitStatuses } from '../../protocol/visit-status.ts';
import { consentCreate, consentView } from '../consent/contract.ts';
import { destructionView } from '../destruction/contract.ts';

/** Identifying data: kept sealed, apart from the research data, readable only by the site's own staff. */
export const identityInput = z.strictObject({
  name: text(200),
  hospitalNumber: z.string().trim().min(1).max(40),
  dateOfBirth: calendarDate.nullish(),
  phone: z.string().trim().max(40).nullish(),
  generalPractitioner: z.string().trim().max(200).nullish(),
});
export type IdentityInput = z.infer<typeof identityInput>;
export const identityView = z.object({
  name: z.string(),
  hospitalNumber: z.string(),
  dateOfBirth: z.string().nullable(),
  phone: z.string().nullable(),
  generalPractitioner: z.string().nullable(),
});
export type IdentityView = z.infer<typeof identityView>;

export const enrollment = z.strictObject({
  identity: identityInput,
  /** Consent given (by the patient or a legal representative), or deferred. */
  consent: consentCreate,
});

export const consentStatuses = ['pending', 'given', 'refused', 'withdrawn'] as const;
export const participantStates = ['active', 'withdrawn', 'deceased', 'lost_to_follow_up', 'completed'] as const;

export const participantSummary = z.object({
  id: z.number(),
  siteId: z.number(),
  studyId: z.string(),
  protocolVersion: z.string(),
  enrolledAt: isoDateTime,
  state: z.enum(participantStates),
  consent: z.object({ status: z.enum(consentStatuses), dueOn: z.string().nullable() }),
  /** The first visit that is due or overdue, else the next one not yet due. */
  nextVisit: z
    .object({
      visit: z.string(),
      status: z.enum(visitStatuses),
      earliest: z.string().nullable(),
      latest: z.string().nullable(),
    })
    .nullable(),
  destructionPending: z.boolean(),
});
export type ParticipantSummary = z.infer<typeof participantSummary>;

export const tubeCount = z.strictObject({ tube: z.string().min(1), count: z.number().int().min(1).max(20) });

export const visitRecordView = z.object({
  outcome: z.enum(['done', 'missed']),
  occurredAt: isoDateTime.nullable(),
  bloodDrawn: z.boolean().nullable(),
  noBloodReason: z.string().nullable(),
  missedReason: z.string().nullable(),
  tubes: z.array(z.object({ tube: z.string(), count: z.number() })),
  bloodVolumeMl: z.number().nullable(),
  inWindow: z.boolean().nullable(),
  recordedAt: isoDateTime,
  /** The user name of who recorded it (null for the command line). */
  recordedBy: z.string().nullable(),
});

export const visitTimelineEntry = z.object({
  visit: z.string(),
  name: z.string(),
  precision: z.enum(['instant', 'date']),
  applicable: z.boolean(),
  target: z.string().nullable(),
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
  status: z.enum(visitStatuses),
  record: visitRecordView.nullable(),
});
export type VisitTimelineEntry = z.infer<typeof visitTimelineEntry>;

export const clinicalEventKinds = ['hospital_discharge', 'death', 'transfer', 'lost_to_follow_up'] as const;
export const deathPlaces = ['icu', 'hospital_ward', 'home', 'nursing_home', 'other'] as const;

export const eventView = z.object({
  id: z.number(),
  kind: z.enum(clinicalEventKinds),
  date: z.string(),
  place: z.string().nullable(),
  destination: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: isoDateTime,
  recordedBy: z.string().nullable(),
});

export const deviationView = z.object({
  id: z.number(),
  visit: z.string().nullable(),
  kind: z.enum(['out_of_window', 'blood_volume']),
  description: z.string(),
  createdAt: isoDateTime,
});

export const withdrawalView = z.object({
  date: z.string(),
  requestedBy: z.string(),
  scope: z.string(),
  reason: z.string().nullable(),
});

export const participantDetail = participantSummary.extend({
  screeningId: z.number(),
  icuAdmissionAt: isoDateTime,
  consentRoute: z.enum(['prior', 'deferred']),
  consents: z.array(consentView),
  visits: z.array(visitTimelineEntry),
  events: z.array(eventView),
  deviations: z.array(deviationView),
  withdrawal: withdrawalView.nullable(),
  destruction: destructionView.nullable(),
});
export type ParticipantDetail = z.infer<typeof participantDetail>;

export const eventCreate = z.strictObject({
  kind: z.enum(clinicalEventKinds),
  date: calendarDate,
  /** Death: where. */
  place: z.enum(deathPlaces).nullish(),
  /** Transfer: to which hospital or ward. */
  destination: z.string().trim().max(200).nullish(),
  note: z.string().trim().max(500).nullish(),
  /** Required when it replaces an earlier discharge, death or lost-to-follow-up record. */
  reason: text(300).nullish(),
});

export const withdrawalCreate = z.strictObject({
  date: calendarDate,
  /** A requester code of the protocol (participant, legal representative, investigator). */
  requestedBy: z.string().min(1),
  /** A withdrawal scope code of the protocol; scopes that destroy need an investigator's approval. */
  scope: z.string().min(1),
  reason: z.string().trim().max(500).nullish(),
});

export const participantParams = z.strictObject({ participantId: id });
