import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { instant, text } from '../../core/schemas.ts';
import { visitStatuses } from '../../protocol/visit-status.ts';
import { participantDetail, participantParams, tubeCount } from '../participants/contract.ts';
import { siteParams } from '../sites/contract.ts';

/**
 * Recording a visit: done (when, blood drawn or why not, the tubes) or missed (why). A visit done outside
 * its window is kept and creates a protocol deviation; tubes over the protocol's blood limit need a
 * documented deviation (`volumeDeviationReason`) or are refused.
 */
export const visitRecordCreate = z.strictObject({
  visit: z.string().min(1),
  outcome: z.enum(['done', 'missed']),
  occurredAt: instant
    .nullish()
    .describe(
      'When a done visit took place, with its UTC offset (at most ±14:00): 2000-01-01 to 2100-12-31 (UTC), not before admission, not in the future',
    ),
  bloodDrawn: z.boolean().nullish(),
  noBloodReason: text(300).nullish(),
  /** The tubes drawn; absent with blood drawn: the protocol's tubes for the visit. */
  tubes: z.array(tubeCount).max(30).nullish(),
  missedReason: text(300).nullish(),
  volumeDeviationReason: text(500).nullish(),
  /** Required when changing a visit recorded before (kept in the audit trail). */
  reason: text(300).nullish(),
});
export type VisitRecordCreate = z.infer<typeof visitRecordCreate>;

export const workItem = z.object({
  participantId: z.number(),
  studyId: z.string(),
  visit: z.string(),
  status: z.enum(visitStatuses),
  target: z.string().nullable(),
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
});
export type WorkItem = z.infer<typeof workItem>;

export const worklist = z.object({
  /** Today in the site's time zone. */
  today: z.string(),
  /** Windows open today. */
  dueToday: z.array(workItem),
  /** Windows opening in the next 7 days. */
  dueThisWeek: z.array(workItem),
  overdue: z.array(workItem),
  /** Follow-up calls (M3, M12) whose window is open or opens in the next 30 days. */
  followUpCalls: z.array(workItem),
  consentsPending: z.array(
    z.object({ participantId: z.number(), studyId: z.string(), dueOn: z.string().nullable(), overdue: z.boolean() }),
  ),
});
export type Worklist = z.infer<typeof worklist>;

const tag = 'visits';

export const visitsEndpoints = {
  record: endpoint({
    method: 'POST',
    path: '/api/participants/:participantId/visits',
    tag,
    summary: 'Record a visit as done (with blood drawn and tubes) or missed',
    access: { action: 'participant.write', at: 'object' },
    params: participantParams,
    body: visitRecordCreate,
    status: 201,
    response: participantDetail,
    errors: ['conflict'],
  }),
  worklist: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/worklist',
    tag,
    summary: 'Visits due today and this week, overdue, follow-up calls to plan, consents pending',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: worklist,
    errors: [],
  }),
};
