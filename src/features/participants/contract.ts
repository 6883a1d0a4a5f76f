import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { birthDate, calendarDate, id, isoDateTime, text } from '../../core/schemas.ts';
import { visitStatuses } from '../../protocol/visit-status.ts';
import { siteParams } from '../sites/contract.ts';

/**
 * A participant and everything recorded about them, as read: the consents, visits, events, deviations, the
 * withdrawal and the destruction request are shown with the participant, so their views live here; the
 * slices that record them (consent, visits, destruction) answer with the participant as it reads afterwards.
 */

/** Identifying data: kept sealed, apart from the research data, readable only by the site's own staff. */
export const identityInput = z.strictObject({
  name: text(200),
  hospitalNumber: z.string().trim().min(1).max(40),
  dateOfBirth: birthDate.nullish().describe('1870-01-01 to 2100-12-31: up to 130 years old when the study began'),
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

export const consentView = z.object({
  id: z.number(),
  type: z.string(),
  decision: z.enum(['given', 'refused']).nullable(),
  date: z.string(),
  dueOn: z.string().nullable(),
  informationLetterVersion: z.string().nullable(),
  optionalItems: z.record(z.string(), z.boolean()),
  obtainedBy: z.string(),
  note: z.string().nullable(),
  recordedAt: isoDateTime,
});
export type ConsentView = z.infer<typeof consentView>;

/**
 * Destruction of a participant's samples and/or data: requested by one person (a refused deferred consent,
 * or a withdrawal that asks for it), carried out only when an investigator — another person — approves.
 * Once carried out with the data, this record is all that is left: a non-identifying tombstone.
 */
export const destructionStatuses = ['pending', 'carried_out', 'rejected'] as const;

export const destructionView = z.object({
  id: z.number(),
  siteId: z.number(),
  studyId: z.string(),
  /** null once the participant's data are destroyed. */
  participantId: z.number().nullable(),
  reason: z.enum(['consent_refused', 'withdrawal']),
  destroyData: z.boolean(),
  destroySamples: z.boolean(),
  requestedBy: z.string(),
  requestedAt: isoDateTime,
  status: z.enum(destructionStatuses),
  decidedBy: z.string().nullable(),
  decidedAt: isoDateTime.nullable(),
  decisionNote: z.string().nullable(),
});
export type DestructionView = z.infer<typeof destructionView>;

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
  date: calendarDate.describe(
    'The day of the event at the site: 2000-01-01 to 2100-12-31, not after today, not before the admission day',
  ),
  /** Death: where. */
  place: z.enum(deathPlaces).nullish(),
  /** Transfer: to which hospital or ward. */
  destination: z.string().trim().max(200).nullish(),
  note: z.string().trim().max(500).nullish(),
  /** Required when it replaces an earlier discharge, death or lost-to-follow-up record. */
  reason: text(300).nullish(),
});

export const participantParams = z.strictObject({ participantId: id });

const tag = 'participants';
const read = { action: 'participant.read', at: 'object' } as const;
const write = { action: 'participant.write', at: 'object' } as const;

export const participantsEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/participants',
    tag,
    summary: "A site's participants with consent status and next visit",
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: z.object({ participants: z.array(participantSummary) }),
    errors: [],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId',
    tag,
    summary: 'A participant: consent, visit timeline with statuses, events, deviations',
    access: read,
    params: participantParams,
    response: participantDetail,
    errors: [],
  }),
  identity: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId/identity',
    tag,
    summary: "The participant's identifying data (the site's own staff only; every read is audited)",
    access: { action: 'identity.read', at: 'object' },
    params: participantParams,
    response: identityView,
    errors: ['rate_limited'],
  }),
  updateIdentity: endpoint({
    method: 'PUT',
    path: '/api/participants/:participantId/identity',
    tag,
    summary: "Change the participant's identifying data (not the hospital number)",
    access: { action: 'identity.read', at: 'object' },
    params: participantParams,
    body: identityInput,
    response: identityView,
    errors: [],
  }),
  recordEvent: endpoint({
    method: 'POST',
    path: '/api/participants/:participantId/events',
    tag,
    summary: 'Record hospital discharge, death, transfer or lost to follow-up',
    access: write,
    params: participantParams,
    body: eventCreate,
    status: 201,
    response: participantDetail,
    errors: [],
  }),
};
