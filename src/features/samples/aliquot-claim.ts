import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { nextVersion } from '../../db/claim.ts';
import type { CallContext } from '../../kernel/context.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import { placeText } from './box-rules.ts';
import { sampleMessages } from './messages.ts';
import { positionLabel } from './positions.ts';
import { recordCustody, selectAliquots, type AliquotRow, type BoxRow } from './repo.ts';
import { aliquotLocation } from './views.ts';

/**
 * Claims an aliquot for a change (src/db/claim.ts): its version goes up by one and, on PostgreSQL, its row stays
 * locked until the transaction ends, so a concurrent change of the same aliquot waits and then sees this one.
 * `expected` is the version the caller read: another one is a conflict (reload), never a change over someone
 * else's. Outside the caller's sites it is not found. Answers the aliquot as it was before the claim.
 */
export async function claimAliquot(db: StudyDb, aliquotId: number, expected: number | undefined): Promise<AliquotRow> {
  const claimed = await db
    .updateTable('aliquots')
    .set(nextVersion)
    .where('id', '=', aliquotId)
    .returning('version')
    .executeTakeFirst();
  if (claimed === undefined) throw notFound('aliquot', aliquotId);
  const read = Number(claimed.version) - 1;
  if (expected !== undefined && read !== expected) {
    throw new AppError('conflict', sampleMessages.stale({ version: read }), { field: 'version' });
  }
  const row = await selectAliquots(db).where('aliquots.id', '=', aliquotId).executeTakeFirstOrThrow();
  return { ...row, version: read };
}

/** Refuses an aliquot that is not in stock (stored or unplaced): used, destroyed or in transit. */
export function requireInStock(row: Pick<AliquotRow, 'barcode' | 'status'>): void {
  if (row.status !== 'stored' && row.status !== 'unplaced') {
    throw new AppError('conflict', sampleMessages.notInStock({ barcode: row.barcode, status: row.status }));
  }
}

/** An aliquot's new place in a box. */
export interface Move {
  aliquot: AliquotRow;
  row: number;
  column: number;
}

/**
 * Puts aliquots (claimed, at the box's site) in their new places in one box, with a custody event each:
 * `frozen` for an aliquot's first placement, `moved` (from → to) after. Those leaving places in this box are
 * cleared first, so that aliquots can swap places within one load; the unique index over box positions refuses
 * any place still held, also by a concurrent transaction.
 */
export async function moveIntoBox(
  ctx: CallContext,
  db: StudyDb,
  box: BoxRow,
  moves: readonly Move[],
  siteName: string | undefined,
): Promise<void> {
  if (moves.length === 0) return;
  const ids = moves.map((m) => Number(m.aliquot.id));
  const boxId = Number(box.id);
  const leaving = moves.filter((m) => Number(m.aliquot.box_id) === boxId).map((m) => Number(m.aliquot.id));
  if (leaving.length > 0) {
    await db
      .updateTable('aliquots')
      .set({ box_id: null, box_row: null, box_column: null })
      .where('id', 'in', leaving)
      .execute();
  }
  for (const move of moves) {
    await db
      .updateTable('aliquots')
      .set({ box_id: boxId, box_row: move.row, box_column: move.column, status: 'stored' })
      .where('id', '=', Number(move.aliquot.id))
      .execute();
  }
  const frozen = await db
    .selectFrom('custody_events')
    .select('aliquot_id')
    .where('aliquot_id', 'in', ids)
    .where('event', '=', 'frozen')
    .execute();
  const frozenBefore = new Set(frozen.map((row) => Number(row.aliquot_id)));
  const at = ctx.clock.now().toISOString();
  await recordCustody(
    ctx,
    db,
    moves.map((move) => {
      const to = placeText(siteName, box.freezer_name, box.rack_name, box.name, positionLabel(move.row, move.column));
      const first = move.aliquot.box_id === null && !frozenBefore.has(Number(move.aliquot.id));
      return {
        site_id: Number(box.site_id),
        participant_id: move.aliquot.participant_id,
        tube_id: Number(move.aliquot.tube_id),
        aliquot_id: Number(move.aliquot.id),
        event: first ? 'frozen' : 'moved',
        at,
        location: to,
        details: first ? {} : { from: aliquotLocation(move.aliquot, siteName), to },
      };
    }),
  );
}
