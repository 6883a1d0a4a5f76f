import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { audit, callerName, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor, SiteScope } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { destructionColumns, toDestructionView } from '../participants/public.ts';
import { createDestructionTasks } from '../samples/public.ts';
import type { DestructionView } from '../participants/contract.ts';
import { destroyParticipantData } from './carry-out.ts';
import { destructionMessages } from './messages.ts';

/** A site's destructions: pending requests first, then the tombstones and rejections, newest first. */
export async function listDestructions(ctx: CallContext, siteId: number): Promise<DestructionView[]> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  const rows = await studyDb(ctx.database.kysely, scope)
    .selectFrom('destructions')
    .select(destructionColumns)
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .execute();
  const views = rows.map(toDestructionView);
  return [...views.filter((v) => v.status === 'pending'), ...views.filter((v) => v.status !== 'pending')];
}

/**
 * The second person's decision. Approval by an investigator of the site who did not ask for it carries the
 * destruction out at once: each of the participant's aliquots and tubes gets a destruction task for the lab
 * (src/features/samples), the data are deleted. A rejection keeps everything and says why.
 */
export async function decideDestruction(
  ctx: CallContext,
  destructionId: number,
  decision: { approve: boolean; note: string | null },
): Promise<DestructionView> {
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scopeFor(ctx, 'destruction.approve'));
    const request = db.selectFrom('destructions').select(destructionColumns).where('id', '=', destructionId);
    // The participant before their request (the lock order of src/db/claim.ts): a withdrawal that widens the
    // request claims them in that order too.
    const participantId = (await request.executeTakeFirst())?.participant_id;
    if (participantId != null) await db.claim('participants', Number(participantId));
    // Outside the caller's sites it is "not found", as if it did not exist.
    if (!(await db.claim('destructions', destructionId))) throw notFound('destruction', destructionId);
    const row = await request.executeTakeFirstOrThrow();
    if (row.status !== 'pending') {
      throw new AppError('conflict', destructionMessages.decidedAlready({ status: row.status }));
    }
    if (row.requested_by !== null && row.requested_by === callerUserId(ctx.caller)) {
      throw new AppError('forbidden', destructionMessages.secondPerson());
    }
    if (decision.approve && row.participant_id !== null) {
      // The participant's samples may be at other sites by now (shipped to the central lab): the tasks to destroy
      // them are made where each one is, and the data's links to them are cut there too.
      const everySite = studyDb(trx, new SiteScope('destruction.approve', 'all'));
      if (row.destroy_samples === 1) {
        await createDestructionTasks(
          everySite,
          destructionId,
          Number(row.participant_id),
          ctx.clock.now().toISOString(),
        );
      }
      if (row.destroy_data === 1) await destroyParticipantData(db, everySite, Number(row.participant_id));
    }
    const decided = {
      status: decision.approve ? 'carried_out' : 'rejected',
      decided_by: callerUserId(ctx.caller),
      decided_by_name: callerName(ctx.caller),
      decided_at: ctx.clock.now().toISOString(),
      decision_note: decision.note,
    };
    await db.updateTable('destructions').set(decided).where('id', '=', destructionId).execute();
    const after = toDestructionView({
      ...row,
      ...decided,
      participant_id: decision.approve && row.destroy_data === 1 ? null : row.participant_id,
    });
    await audit(ctx, trx, {
      siteId: after.siteId,
      action: decision.approve ? 'destruction.carried_out' : 'destruction.rejected',
      entity: 'destruction',
      entityId: destructionId,
      after,
    });
    return after;
  });
}
