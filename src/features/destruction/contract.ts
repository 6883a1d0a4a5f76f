import { z } from 'zod';
import { id, isoDateTime, text } from '../../core/schemas.ts';

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

export const destructionApproval = z.strictObject({ note: text(500).nullish() });
export const destructionRejection = z.strictObject({ note: text(500) });
export const destructionParams = z.strictObject({ destructionId: id });
