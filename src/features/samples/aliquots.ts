import { sql } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { claimAliquot, requireInStock } from './aliquot-claim.ts';
import { sampleMessages } from './messages.ts';
import { awaitingDestruction, recordCustody, selectAliquots, siteNames } from './repo.ts';
import type { AliquotFound, AliquotView, aliquotSearch, aliquotUse } from './schemas.ts';
import { aliquotLocation, toAliquotView } from './views.ts';

/** Thawing, using up and finding aliquots. */

/** A thaw: the freeze–thaw count goes up by one; the aliquot keeps its place. */
export function thawAliquot(ctx: CallContext, aliquotId: number, expected: number): Promise<AliquotView> {
  return changeAliquot(ctx, aliquotId, expected, 'thawed', async ({ db }) => {
    await db
      .updateTable('aliquots')
      .set({ freeze_thaw_count: sql<number>`freeze_thaw_count + 1` })
      .where('id', '=', aliquotId)
      .execute();
    return {};
  });
}

/**
 * An aliquot used up (in an assay): it leaves its position and the inventory. One that awaits destruction (its
 * participant withdrew) is not used.
 */
export function useAliquot(
  ctx: CallContext,
  aliquotId: number,
  input: z.infer<typeof aliquotUse>,
): Promise<AliquotView> {
  return changeAliquot(ctx, aliquotId, input.version, 'used', async ({ db, barcode }) => {
    if ((await awaitingDestruction(db, [aliquotId])).size > 0) {
      throw new AppError('conflict', sampleMessages.toBeDestroyed({ barcode }));
    }
    await db
      .updateTable('aliquots')
      .set({ status: 'used', box_id: null, box_row: null, box_column: null })
      .where('id', '=', aliquotId)
      .execute();
    return { assay: input.assay ?? null, note: input.note ?? null };
  });
}

/** Claims an aliquot in stock at the version read, changes it, records the custody event and audits. */
function changeAliquot(
  ctx: CallContext,
  aliquotId: number,
  expected: number,
  event: 'thawed' | 'used',
  change: (open: { db: ReturnType<typeof studyDb>; barcode: string }) => Promise<Record<string, unknown>>,
): Promise<AliquotView> {
  const scope = scopeFor(ctx, 'sample.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const before = await claimAliquot(db, aliquotId, expected);
    requireInStock(before);
    const details = await change({ db, barcode: before.barcode });
    const siteId = Number(before.site_id);
    const location = aliquotLocation(before, (await siteNames(trx, [siteId])).get(siteId));
    await recordCustody(ctx, db, [
      {
        site_id: siteId,
        participant_id: before.participant_id,
        tube_id: Number(before.tube_id),
        aliquot_id: aliquotId,
        event,
        at: ctx.clock.now().toISOString(),
        location,
        details,
      },
    ]);
    const after = await selectAliquots(db).where('aliquots.id', '=', aliquotId).executeTakeFirstOrThrow();
    const state = (row: typeof after) => ({
      barcode: row.barcode,
      status: row.status,
      freezeThawCount: Number(row.freeze_thaw_count),
    });
    await audit(ctx, trx, {
      siteId,
      action: `aliquot.${event}`,
      entity: 'aliquot',
      entityId: aliquotId,
      before: { ...state(before), location },
      after: { ...state(after), ...details },
    });
    return toAliquotView(after, ctx.study);
  });
}

/** The most aliquots one search answers with, newest first. */
const searchLimit = 200;

/** The site's aliquots by barcode or status, each with where it is and its chain of custody. */
export async function findAliquots(
  ctx: CallContext,
  siteId: number,
  search: z.infer<typeof aliquotSearch>,
): Promise<AliquotFound[]> {
  const db = studyDb(ctx.database.kysely, requireAtSite(ctx, 'participant.read', siteId));
  let query = selectAliquots(db).where('aliquots.site_id', '=', siteId);
  if (search.barcode !== undefined) query = query.where('aliquots.barcode', '=', search.barcode);
  if (search.status !== undefined) query = query.where('aliquots.status', '=', search.status);
  const rows = await query.orderBy('aliquots.id', 'desc').limit(searchLimit).execute();
  if (rows.length === 0) return [];
  const events = await db
    .selectFrom('custody_events')
    .select(['aliquot_id', 'tube_id', 'event', 'at', 'by_name', 'location', 'shipment_id', 'details_json'])
    .where((eb) =>
      eb.or([
        eb(
          'aliquot_id',
          'in',
          rows.map((r) => Number(r.id)),
        ),
        // The tube's own events (drawn, received, processed) begin each aliquot's chain.
        eb.and([eb('tube_id', 'in', [...new Set(rows.map((r) => Number(r.tube_id)))]), eb('aliquot_id', 'is', null)]),
      ]),
    )
    .orderBy('at')
    .orderBy('id')
    .execute();
  const site = (await siteNames(ctx.database.kysely, [siteId])).get(siteId);
  return rows.map((row) => ({
    ...toAliquotView(row, ctx.study),
    location: aliquotLocation(row, site),
    custody: events
      .filter((e) =>
        e.aliquot_id === null ? Number(e.tube_id) === Number(row.tube_id) : Number(e.aliquot_id) === Number(row.id),
      )
      .map((e) => ({
        event: e.event,
        at: e.at,
        by: e.by_name,
        location: e.location,
        shipmentId: e.shipment_id === null ? null : Number(e.shipment_id),
        details: JSON.parse(e.details_json) as Record<string, unknown>,
      })),
  }));
}
