import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { calendarDate, text } from '../../core/schemas.ts';
import { participantDetail, participantParams } from '../participants/contract.ts';

/**
 * A consent record: a decision (given or refused) by someone entitled to give it, or a deferral (data and
 * samples collected first; consent due later). The types, letter versions and optional items come from
 * the protocol (src/protocol/consent-rules.ts checks them).
 */
export const consentCreate = z.strictObject({
  /** A consent type code of the protocol (patient, legal_representative, deferred). */
  type: z.string().min(1),
  /** given | refused for a decision; absent for a deferral. */
  decision: z.enum(['given', 'refused']).nullish(),
  /** The day of the decision (or of the deferral). */
  date: calendarDate.describe(
    'The day of the decision or deferral: 2000-01-01 to 2100-12-31, not after today, not before the admission day',
  ),
  /** A deferral: when consent is due (default: the protocol's deferred due days after `date`). */
  dueOn: calendarDate.nullish().describe('A deferral only: 2000-01-01 to 2100-12-31, after `date`'),
  informationLetterVersion: z.string().trim().min(1).max(40).nullish(),
  /** Optional items (codes of the protocol) agreed (true) or declined (false). */
  optionalItems: z.record(z.string(), z.boolean()).default({}),
  /** Who obtained consent (default: you). */
  obtainedBy: z.string().trim().min(1).max(200).nullish(),
  note: text(500).nullish(),
});
export type ConsentCreate = z.infer<typeof consentCreate>;

/** Withdrawal at the participant's (or a representative's) request, with what it stops and destroys. */
export const withdrawalCreate = z.strictObject({
  date: calendarDate.describe(
    'The day of the request: 2000-01-01 to 2100-12-31, not after today, not before admission nor enrollment',
  ),
  /** A requester code of the protocol (participant, legal representative, investigator). */
  requestedBy: z.string().min(1),
  /** A withdrawal scope code of the protocol; scopes that destroy need an investigator's approval. */
  scope: z.string().min(1),
  reason: z.string().trim().max(500).nullish(),
});

const tag = 'consent';
const write = { action: 'participant.write', at: 'object' } as const;

export const consentEndpoints = {
  record: endpoint({
    method: 'POST',
    path: '/api/participants/:participantId/consents',
    tag,
    summary: 'Record consent given, refused (starts destruction) or deferred',
    access: write,
    params: participantParams,
    body: consentCreate,
    status: 201,
    response: participantDetail,
    errors: ['conflict'],
  }),
  withdraw: endpoint({
    method: 'POST',
    path: '/api/participants/:participantId/withdrawal',
    tag,
    summary: 'Withdraw: stop follow-up; a destroying scope asks an investigator to approve the destruction',
    access: write,
    params: participantParams,
    body: withdrawalCreate,
    status: 201,
    response: participantDetail,
    errors: ['conflict'],
  }),
};
