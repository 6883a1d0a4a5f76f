import { audit, callerName, callerUserId, type CallContext, type Trx } from '../../kernel/context.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { ParticipantRow } from '../participants/public.ts';

/**
 * Opens a destruction request (the first of the two people); an investigator approves it later. A
 * participant has at most one pending request: a second one widens the first.
 */
export async function requestDestruction(
  ctx: CallContext,
  trx: Trx,
  db: StudyDb,
  participant: ParticipantRow,
  request: { reason: 'consent_refused' | 'withdrawal'; destroyData: boolean; destroySamples: boolean },
): Promise<void> {
  const pending = await db
    .selectFrom('destructions')
    .select(['id', 'destroy_data', 'destroy_samples'])
    .where('participant_id', '=', Number(participant.id))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending !== undefined) {
    await db
      .updateTable('destructions')
      .set({
        destroy_data: request.destroyData || pending.destroy_data === 1 ? 1 : 0,
        destroy_samples: request.destroySamples || pending.destroy_samples === 1 ? 1 : 0,
      })
      .where('id', '=', Number(pending.id))
      .execute();
    return;
  }
  const row = await db
    .insertInto('destructions', [
      {
        site_id: Number(participant.site_id),
        participant_id: Number(participant.id),
        study_id: participant.study_id,
        reason: request.reason,
        destroy_data: request.destroyData ? 1 : 0,
        destroy_samples: request.destroySamples ? 1 : 0,
        requested_by: callerUserId(ctx.caller),
        requested_by_name: callerName(ctx.caller),
        requested_at: ctx.clock.now().toISOString(),
        status: 'pending',
        decided_by: null,
        decided_by_name: null,
        decided_at: null,
        decision_note: null,
      },
    ])
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, trx, {
    siteId: Number(participant.site_id),
    action: 'destruction.requested',
    entity: 'destruction',
    entityId: Number(row.id),
    after: { studyId: participant.study_id, ...request },
  });
}
