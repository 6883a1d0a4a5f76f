import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { claim } from '../../db/claim.ts';
import { audit, callerUserId, inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { requireAtSite, requireEverywhere, scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { protocolVersion } from '../../protocol/study.ts';
import type { FormRecordView, LockView } from './contract.ts';
import { crfMessages } from './messages.ts';
import { withForm, type FormAddress, type OpenForm } from './open.ts';
import { findParticipant, locksOver, storedItemsOf, studyLockSetting, userNames } from './repo.ts';
import { recordView } from './view.ts';

/**
 * Locks freeze form data at five levels: one form (on its record), a visit's forms, a participant's, a site's,
 * the whole study's. Any lock over a form refuses every change to it; only a data manager locks and unlocks, and
 * unlocking needs a reason (both audited).
 */

export interface LockChange {
  locked: boolean;
  reason?: string | null;
}

/**
 * A form takes changes unless a lock holds over it (a conflict naming the level) or its visit was recorded as
 * missed; answers the locks over it (none).
 */
export async function refuseUnlessOpen(open: OpenForm): Promise<LockView[]> {
  const locks = await locksOver(open.trx, open.db, lockScope(open));
  const lock = open.record?.locked_at != null ? { level: 'form', reason: null } : locks.at(-1);
  if (lock !== undefined) {
    throw new AppError(
      'conflict',
      crfMessages.locked({ level: lock.level, reason: lock.reason === null ? '' : `: ${lock.reason}` }),
    );
  }
  if (open.slot.visit !== null) {
    const missed = await open.db
      .selectFrom('visit_records')
      .select('id')
      .where('participant_id', '=', open.participant.id)
      .where('visit_code', '=', open.slot.visit)
      .where('outcome', '=', 'missed')
      .executeTakeFirst();
    if (missed !== undefined) throw new AppError('conflict', crfMessages.visitMissed({ visit: open.slot.visit }));
  }
  return locks;
}

/** The locks that can hold over one form: the study's, its site's, its participant's, its visit's. */
export function lockScope(open: OpenForm): { siteId: number; participantId: number; visit: string | null } {
  return { siteId: open.participant.siteId, participantId: open.participant.id, visit: open.slot.visit };
}

function reasonToUnlock(change: LockChange): string | null {
  if (!change.locked && change.reason == null) throw new InputError('reason', crfMessages.reasonToUnlock());
  return change.reason ?? null;
}

export function lockForm(
  ctx: CallContext,
  address: FormAddress,
  change: LockChange & { version: number },
): Promise<FormRecordView> {
  return withForm(ctx, 'data.lock', address, { expected: change.version }, async (open) => {
    const reason = reasonToUnlock(change);
    const record = open.record;
    if (record === undefined) throw new AppError('conflict', crfMessages.notStarted());
    if (change.locked === (record.locked_at !== null)) {
      throw new AppError('conflict', change.locked ? crfMessages.alreadyLocked() : crfMessages.notLocked());
    }
    const now = ctx.clock.now().toISOString();
    const updated = await open.db
      .updateTable('form_records')
      .set(
        change.locked ? { locked_at: now, locked_by: callerUserId(ctx.caller) } : { locked_at: null, locked_by: null },
      )
      .where('id', '=', Number(record.id))
      .returningAll()
      .executeTakeFirstOrThrow();
    const what = { form: record.form_id, slot: record.slot, version: Number(updated.version) };
    await audit(ctx, open.trx, {
      siteId: open.participant.siteId,
      action: change.locked ? 'form.locked' : 'form.unlocked',
      entity: 'form_record',
      entityId: Number(record.id),
      before: { ...what, locked: !change.locked },
      after: { ...what, locked: change.locked },
      reason,
    });
    const locks = await locksOver(open.trx, open.db, lockScope(open));
    return recordView(ctx, open, updated, await storedItemsOf(open.db, Number(record.id)), locks);
  });
}

/** Locks or unlocks a participant's forms, or one visit's. */
export function lockParticipant(
  ctx: CallContext,
  participantId: number,
  change: LockChange & { visit?: string | null },
): Promise<{ locks: LockView[] }> {
  const scope = scopeFor(ctx, 'data.lock');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (!(await db.claim('participants', participantId))) throw notFound('participant', participantId);
    const participant = (await findParticipant(db, participantId))!;
    const visits = protocolVersion(ctx.study, participant.protocolVersion).visits.visits.map((v) => v.code);
    const visit = change.visit ?? null;
    if (visit !== null && !visits.includes(visit)) {
      throw new InputError('visit', crfMessages.unknownVisit({ visits: visits.join(', ') }));
    }
    const scopeKey = visit === null ? `participant:${participantId}` : `participant:${participantId}:${visit}`;
    await switchLock(ctx, trx, db, { siteId: participant.siteId, participantId, scopeKey }, change, {
      entity: 'participant',
      entityId: participantId,
      visit,
    });
    return { locks: await locksOver(trx, db, { siteId: participant.siteId, participantId }) };
  });
}

export function lockSite(ctx: CallContext, siteId: number, change: LockChange): Promise<{ locks: LockView[] }> {
  const scope = requireAtSite(ctx, 'data.lock', siteId);
  return inTransaction(ctx, async (trx) => {
    if ((await claim(trx, 'sites', siteId)) === undefined) throw notFound('site', siteId);
    const db = studyDb(trx, scope);
    await switchLock(ctx, trx, db, { siteId, participantId: null, scopeKey: 'site' }, change, {
      entity: 'site',
      entityId: siteId,
      visit: null,
    });
    return { locks: await locksOver(trx, db, { siteId }) };
  });
}

async function switchLock(
  ctx: CallContext,
  trx: Trx,
  db: StudyDb,
  where: { siteId: number; participantId: number | null; scopeKey: string },
  change: LockChange,
  about: { entity: string; entityId: number; visit: string | null },
): Promise<void> {
  const reason = reasonToUnlock(change);
  const existing = await db
    .selectFrom('data_locks')
    .select('id')
    .where('site_id', '=', where.siteId)
    .where('scope_key', '=', where.scopeKey)
    .executeTakeFirst();
  if (change.locked === (existing !== undefined)) {
    throw new AppError('conflict', change.locked ? crfMessages.alreadyLocked() : crfMessages.notLocked());
  }
  if (change.locked) {
    await db
      .insertInto('data_locks', [
        {
          site_id: where.siteId,
          participant_id: where.participantId,
          scope_key: where.scopeKey,
          locked_at: ctx.clock.now().toISOString(),
          locked_by: callerUserId(ctx.caller),
          reason,
        },
      ])
      .execute();
  } else {
    await db.deleteFrom('data_locks').where('id', '=', Number(existing!.id)).execute();
  }
  await audit(ctx, trx, {
    siteId: where.siteId,
    action: change.locked ? 'data.locked' : 'data.unlocked',
    entity: about.entity,
    entityId: about.entityId,
    before: { locked: !change.locked, visit: about.visit },
    after: { locked: change.locked, visit: about.visit },
    reason,
  });
}

/** Locks or unlocks the whole study (a setting, claimed through its row: one winner). */
export function lockStudy(ctx: CallContext, change: LockChange): Promise<{ locks: LockView[] }> {
  requireEverywhere(ctx, 'data.lock');
  return inTransaction(ctx, async (trx) => {
    const reason = reasonToUnlock(change);
    const now = ctx.clock.now().toISOString();
    if (change.locked) {
      const existing = await trx
        .selectFrom('settings')
        .select('name')
        .where('name', '=', studyLockSetting)
        .executeTakeFirst();
      if (existing !== undefined) throw new AppError('conflict', crfMessages.alreadyLocked());
      const lock = { scope_key: 'study', locked_at: now, locked_by: callerUserId(ctx.caller), reason };
      await trx
        .insertInto('settings')
        .values({ name: studyLockSetting, value: JSON.stringify(lock) })
        .execute();
    } else {
      const deleted = await trx.deleteFrom('settings').where('name', '=', studyLockSetting).executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw new AppError('conflict', crfMessages.notLocked());
    }
    await audit(ctx, trx, {
      siteId: null,
      action: change.locked ? 'study.locked' : 'study.unlocked',
      entity: 'study',
      entityId: ctx.study.current.id,
      before: { locked: !change.locked },
      after: { locked: change.locked },
      reason,
    });
    const study = await trx
      .selectFrom('settings')
      .select('value')
      .where('name', '=', studyLockSetting)
      .executeTakeFirst();
    if (study === undefined) return { locks: [] };
    const row = JSON.parse(study.value) as { locked_at: string; locked_by: number | null; reason: string | null };
    const names = await userNames(trx, [row.locked_by]);
    return {
      locks: [
        {
          level: 'study',
          visit: null,
          lockedAt: row.locked_at,
          lockedBy: names.get(row.locked_by ?? -1) ?? 'operator',
          reason: row.reason,
        },
      ],
    };
  });
}
