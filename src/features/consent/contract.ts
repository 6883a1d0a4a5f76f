import { z } from 'zod';
import { calendarDate, isoDateTime, text } from '../../core/schemas.ts';

/**
 * A consent record: a decision (given or refused) by someone entitled to give it, or a deferral (data and
 * samples collected first; consent due later). The types, letter versions and optional items come from
 * the protocol.
 */
export const consentCreate = z.strictObject({
  /** A consent type code of the protocol (patient, legal_representative, deferred). */
  type: z.string().min(1),
  /** given | refused for a decision; absent for a deferral. */
  decision: z.enum(['given', 'refused']).nullish(),
  /** The day of the decision (or of the deferral). */
  date: calendarDate,
  /** A deferral: when consent is due (default: the protocol's deferred due days after `date`). */
  dueOn: calendarDate.nullish(),
  informationLetterVersion: z.string().trim().min(1).max(40).nullish(),
  /** Optional items (codes of the protocol) agreed (true) or declined (false). */
  optionalItems: z.record(z.string(), z.boolean()).default({}),
  /** Who obtained consent (default: you). */
  obtainedBy: z.string().trim().min(1).max(200).nullish(),
  note: text(500).nullish(),
});
export type ConsentCreate = z.infer<typeof consentCreate>;

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
