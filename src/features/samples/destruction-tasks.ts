import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { nextVersion } from '../../db/claim.ts';
import { audit, callerName, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { claimAliquot } from './aliquot-claim.ts';
import { boxPositionText, placeText } from './box-rules.ts';
import { sampleMessages } from './messages.ts';
import { recordCustody, siteNames } from './repo.ts';
import type { DestructionTaskView } from './schemas.ts';
import { aliquotLocation } from './views.ts';

/**
 * What an approved destruction of samples leaves for the lab: one task per aliquot and per tube of the
 * participant not yet destroyed or used up, at the site where each is now. `db` must reach every site (the
 * destruction slice passes such a handle): aliquots shipped to the central lab are destroyed there. Tasks are
 * made before the participant's data are deleted; the barcode on the task and the destruction's tombstone are
 * what identify the sample afterwards.
 */
export async function createDestructionTasks(
  db: StudyDb,
  destructionId: number,
  participantId: number,
  at: string,
): Promise<number> {
  const stillThere = ['destroyed', 'used'];
  const [aliquots, tubes] = await Promise.all([
    db
      .selectFrom('aliquots')
      .select(['id', 'site_id', 'barcode'])
      .where('participant_id', '=', participantId)
      .where('status', 'not in', stillThere)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('tubes')
      .select(['id', 'site_id', 'barcode'])
      .where('participant_id', '=', participantId)
      .where('status', 'not in', stillThere)
      .orderBy('id')
      .execute(),
  ]);
  const task = { destruction_id: destructionId, status: 'open', created_at: at };
  const rows = [
    ...aliquots.map((a) => ({
      ...task,
      site_id: Number(a.site_id),
      aliquot_id: Number(a.id),
      tube_id: null,
      barcode: a.barcode,
    })),
    ...tubes.map((t) => ({
      ...task,
      site_id: Number(t.site_id),
      aliquot_id: null,
      tube_id: Number(t.id),
      barcode: t.barcode,
    })),
  ];
  for (let start = 0; start < rows.length; start += 500) {
    await db.insertInto('destruction_tasks', rows.slice(start, start + 500)).execute();
  }
  return rows.length;
}

function selectTasks(db: StudyDb) {
  return db
    .selectFrom('destruction_tasks')
    .innerJoin('destructions', 'destructions.id', 'destruction_tasks.destruction_id')
    .leftJoin('aliquots', 'aliquots.id', 'destruction_tasks.aliquot_id')
    .leftJoin('tubes', 'tubes.id', 'destruction_tasks.tube_id')
    .leftJoin('boxes', 'boxes.id', 'aliquots.box_id')
    .leftJoin('racks', 'racks.id', 'boxes.rack_id')
    .leftJoin('freezers', 'freezers.id', 'racks.freezer_id')
    .select([
      'destruction_tasks.id',
      'destruction_tasks.site_id',
      'destruction_tasks.destruction_id',
      'destruction_tasks.aliquot_id',
      'destruction_tasks.tube_id',
      'destruction_tasks.barcode',
      'destruction_tasks.status',
      'destruction_tasks.created_at',
      'destruction_tasks.done_by_name',
      'destruction_tasks.done_at',
      'destruction_tasks.version',
      'destructions.study_id',
      'aliquots.sample_type',
      'aliquots.status as aliquot_status',
      'aliquots.box_row',
      'aliquots.box_column',
      'boxes.name as box_name',
      'racks.name as rack_name',
      'freezers.name as freezer_name',
      'tubes.tube_type',
      'tubes.status as tube_status',
    ]);
}
type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

function toTaskView(row: TaskRow, siteName: string | undefined): DestructionTaskView {
  const place = boxPositionText(row.box_name, row.box_row, row.box_column);
  const status = row.aliquot_status ?? row.tube_status ?? 'destroyed';
  return {
    id: Number(row.id),
    destructionId: Number(row.destruction_id),
    siteId: Number(row.site_id),
    studyId: row.study_id,
    kind: row.aliquot_id === null ? 'tube' : 'aliquot',
    barcode: row.barcode,
    type: row.sample_type ?? row.tube_type,
    location:
      place === null
        ? placeText(siteName, status.replaceAll('_', ' '))
        : placeText(siteName, row.freezer_name, row.rack_name, place),
    status: row.status as DestructionTaskView['status'],
    createdAt: row.created_at,
    doneBy: row.done_by_name,
    doneAt: row.done_at,
    version: Number(row.version),
  };
}

/** The site's destruction tasks, open ones first, each with where to find the sample. */
export async function siteDestructionTasks(
  ctx: CallContext,
  siteId: number,
  status: 'open' | 'done' | undefined,
): Promise<DestructionTaskView[]> {
  const db = studyDb(ctx.database.kysely, requireAtSite(ctx, 'participant.read', siteId));
  let query = selectTasks(db).where('destruction_tasks.site_id', '=', siteId);
  if (status !== undefined) query = query.where('destruction_tasks.status', '=', status);
  const rows = await query.orderBy('destruction_tasks.status', 'desc').orderBy('destruction_tasks.id').execute();
  const site = (await siteNames(ctx.database.kysely, [siteId])).get(siteId);
  return rows.map((row) => toTaskView(row, site));
}

/**
 * A task done: the aliquot or tube is destroyed (it leaves its box and the inventory), with a custody event, and
 * the task records who did it and when. At the version read; an aliquot in transit is destroyed where it arrives.
 */
export function completeDestructionTask(
  ctx: CallContext,
  taskId: number,
  expected: number,
): Promise<DestructionTaskView> {
  const scope = scopeFor(ctx, 'sample.destroy');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const claimed = await db
      .updateTable('destruction_tasks')
      .set(nextVersion)
      .where('id', '=', taskId)
      .returning('version')
      .executeTakeFirst();
    if (claimed === undefined) throw notFound('destruction_task', taskId);
    const read = Number(claimed.version) - 1;
    if (read !== expected)
      throw new AppError('conflict', sampleMessages.stale({ version: read }), { field: 'version' });
    const task = await selectTasks(db).where('destruction_tasks.id', '=', taskId).executeTakeFirstOrThrow();
    if (task.status !== 'open') {
      throw new AppError(
        'conflict',
        sampleMessages.taskDone({ name: task.done_by_name ?? '?', at: task.done_at ?? '?' }),
      );
    }
    const siteId = Number(task.site_id);
    const siteName = (await siteNames(trx, [siteId])).get(siteId);
    const now = ctx.clock.now().toISOString();
    let from: string;
    if (task.aliquot_id !== null) {
      const aliquotId = Number(task.aliquot_id);
      const aliquot = await claimAliquot(db, aliquotId, undefined);
      if (aliquot.status === 'in_transit')
        throw new AppError('conflict', sampleMessages.inTransit({ barcode: aliquot.barcode }));
      from = aliquotLocation(aliquot, siteName);
      await db
        .updateTable('aliquots')
        .set({ status: 'destroyed', box_id: null, box_row: null, box_column: null })
        .where('id', '=', aliquotId)
        .execute();
      await recordCustody(ctx, db, [
        {
          site_id: Number(aliquot.site_id),
          participant_id: aliquot.participant_id,
          tube_id: Number(aliquot.tube_id),
          aliquot_id: aliquotId,
          event: 'destroyed',
          at: now,
          location: from,
          details: { destructionId: Number(task.destruction_id), taskId },
        },
      ]);
    } else {
      const tubeId = Number(task.tube_id);
      if (!(await db.claim('tubes', tubeId))) throw notFound('destruction_task', taskId);
      const tube = await db
        .selectFrom('tubes')
        .select(['site_id', 'participant_id', 'status'])
        .where('id', '=', tubeId)
        .executeTakeFirstOrThrow();
      from = placeText(siteName, tube.status);
      await db.updateTable('tubes').set({ status: 'destroyed' }).where('id', '=', tubeId).execute();
      await recordCustody(ctx, db, [
        {
          site_id: Number(tube.site_id),
          participant_id: tube.participant_id,
          tube_id: tubeId,
          event: 'destroyed',
          at: now,
          location: from,
          details: { destructionId: Number(task.destruction_id), taskId },
        },
      ]);
    }
    const done = {
      status: 'done',
      done_by: callerUserId(ctx.caller),
      done_by_name: callerName(ctx.caller),
      done_at: now,
    };
    await db.updateTable('destruction_tasks').set(done).where('id', '=', taskId).execute();
    const after = await selectTasks(db).where('destruction_tasks.id', '=', taskId).executeTakeFirstOrThrow();
    const view = toTaskView(after, siteName);
    await audit(ctx, trx, {
      siteId,
      action: 'destruction_task.done',
      entity: 'destruction_task',
      entityId: taskId,
      before: { barcode: task.barcode, location: from },
      after: { barcode: task.barcode, status: 'done', doneBy: done.done_by_name, doneAt: now },
    });
    return view;
  });
}
