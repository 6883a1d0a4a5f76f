import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { nextVersion } from '../../db/claim.ts';
import { audit, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { requireInStock } from './aliquot-claim.ts';
import { sampleMessages } from './messages.ts';
import { positionLabel } from './positions.ts';
import { everySite } from './reach.ts';
import { awaitingDestruction, recordCustody, selectAliquots, siteNames, type AliquotRow } from './repo.ts';
import type { ShipmentCreate, ShipmentDetail, ShipmentReceipt, ShipmentView } from './schemas.ts';
import { findShipment, openShipment, shipmentColumns, shipmentDetail, shipmentViews } from './shipment-view.ts';
import { aliquotLocation } from './views.ts';

/**
 * Shipments of aliquots between sites (to the central lab, mostly): prepared at the sending site, sent (the
 * aliquots leave their boxes and are in transit), received at the destination item by item. Received and
 * damaged aliquots become the receiving site's, unplaced, to be put in its boxes (a box that travelled is
 * scanned in with a bulk load); missing ones stay in transit, listed as the shipment's discrepancies.
 */

export function createShipment(ctx: CallContext, siteId: number, input: ShipmentCreate): Promise<ShipmentDetail> {
  const scope = requireAtSite(ctx, 'sample.write', siteId);
  if (input.toSiteId === siteId) throw new InputError('toSiteId', sampleMessages.sameSite());
  const boxIds = [...new Set(input.boxIds ?? [])];
  if ((input.aliquotIds ?? []).length === 0 && boxIds.length === 0) {
    throw new InputError('aliquotIds', sampleMessages.nothingToShip());
  }
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const to = await trx.selectFrom('sites').select('id').where('id', '=', input.toSiteId).executeTakeFirst();
    if (to === undefined) throw new InputError('toSiteId', sampleMessages.noSuchSite({ siteId: input.toSiteId }));
    if (boxIds.length > 0) {
      const boxes = await db
        .selectFrom('boxes')
        .select('id')
        .where('id', 'in', boxIds)
        .where('site_id', '=', siteId)
        .execute();
      const missing = boxIds.find((id) => !boxes.some((box) => Number(box.id) === id));
      if (missing !== undefined) throw notFound('box', missing);
    }
    const inBoxes =
      boxIds.length === 0 ? [] : await db.selectFrom('aliquots').select('id').where('box_id', 'in', boxIds).execute();
    const ids = [...new Set([...(input.aliquotIds ?? []), ...inBoxes.map((a) => Number(a.id))])].sort((a, b) => a - b);
    if (ids.length === 0) throw new InputError('boxIds', sampleMessages.nothingToShip());
    const aliquots = await claimAliquots(db, ids, siteId);
    await requireShippable(db, aliquots);
    const open = await db
      .selectFrom('shipment_items')
      .innerJoin('shipments', 'shipments.id', 'shipment_items.shipment_id')
      .select(['shipment_items.aliquot_id', 'shipments.id as shipment_id'])
      .where('shipment_items.aliquot_id', 'in', ids)
      .where('shipments.status', '=', 'prepared')
      .executeTakeFirst();
    if (open !== undefined) {
      const barcode = aliquots.find((a) => Number(a.id) === Number(open.aliquot_id))?.barcode ?? '';
      throw new AppError('conflict', sampleMessages.inOpenShipment({ barcode, shipmentId: Number(open.shipment_id) }));
    }
    const row = await db
      .insertInto('shipments', [
        {
          site_id: siteId,
          to_site_id: input.toSiteId,
          status: 'prepared',
          courier: input.courier ?? null,
          tracking: input.tracking ?? null,
          temperature: input.temperature ?? null,
          created_by: callerUserId(ctx.caller),
          created_at: ctx.clock.now().toISOString(),
        },
      ])
      .returning('id')
      .executeTakeFirstOrThrow();
    const shipmentId = Number(row.id);
    const items = ids.map((aliquotId) => ({ site_id: siteId, shipment_id: shipmentId, aliquot_id: aliquotId }));
    for (let start = 0; start < items.length; start += 500) {
      await db.insertInto('shipment_items', items.slice(start, start + 500)).execute();
    }
    await audit(ctx, trx, {
      siteId,
      action: 'shipment.prepared',
      entity: 'shipment',
      entityId: shipmentId,
      after: {
        toSiteId: input.toSiteId,
        aliquots: aliquots.map((a) => a.barcode),
        courier: input.courier ?? null,
        tracking: input.tracking ?? null,
        temperature: input.temperature ?? null,
      },
    });
    return shipmentDetail(trx, db, (await findShipment(db, shipmentId))!);
  });
}

export async function siteShipments(ctx: CallContext, siteId: number): Promise<ShipmentView[]> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  const handle = ctx.database.kysely;
  // Those it receives belong to the sending sites: read across sites, for this site's own shipments only.
  const everywhere = everySite(handle, scope.action);
  const rows = await everywhere
    .selectFrom('shipments')
    .select(shipmentColumns)
    .where((eb) => eb.or([eb('site_id', '=', siteId), eb('to_site_id', '=', siteId)]))
    .orderBy('id', 'desc')
    .execute();
  return shipmentViews(handle, everywhere, rows);
}

export async function getShipment(ctx: CallContext, shipmentId: number): Promise<ShipmentDetail> {
  const handle = ctx.database.kysely;
  const { shipment, db } = await openShipment(handle, scopeFor(ctx, 'participant.read'), shipmentId);
  return shipmentDetail(handle, db, shipment);
}

/** Sends a prepared shipment (the sending site): its aliquots leave their boxes and are in transit. */
export function sendShipment(ctx: CallContext, shipmentId: number, expected: number): Promise<ShipmentDetail> {
  const scope = scopeFor(ctx, 'sample.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const shipment = await claimShipment(db, shipmentId, expected);
    if (shipment.status !== 'prepared') {
      throw new AppError('conflict', sampleMessages.shipmentStatus({ status: shipment.status, needed: 'prepared' }));
    }
    const siteId = Number(shipment.site_id);
    const items = await db
      .selectFrom('shipment_items')
      .select('aliquot_id')
      .where('shipment_id', '=', shipmentId)
      .execute();
    const aliquots = await claimAliquots(
      db,
      items.map((i) => Number(i.aliquot_id)),
      siteId,
    );
    await requireShippable(db, aliquots);
    const ids = aliquots.map((a) => Number(a.id));
    await db
      .updateTable('aliquots')
      .set({ status: 'in_transit', box_id: null, box_row: null, box_column: null })
      .where('id', 'in', ids)
      .execute();
    const names = await siteNames(trx, [siteId, Number(shipment.to_site_id)]);
    const now = ctx.clock.now().toISOString();
    await recordCustody(
      ctx,
      db,
      aliquots.map((a) => ({
        site_id: siteId,
        participant_id: a.participant_id,
        tube_id: Number(a.tube_id),
        aliquot_id: Number(a.id),
        event: 'shipped',
        at: now,
        location: aliquotLocation(a, names.get(siteId)),
        shipment_id: shipmentId,
        details: {
          to: names.get(Number(shipment.to_site_id)) ?? null,
          box: a.box_name,
          position: a.box_row === null || a.box_column === null ? null : positionLabel(a.box_row, a.box_column),
        },
      })),
    );
    await db
      .updateTable('shipments')
      .set({ status: 'sent', sent_by: callerUserId(ctx.caller), sent_at: now })
      .where('id', '=', shipmentId)
      .execute();
    await audit(ctx, trx, {
      siteId,
      action: 'shipment.sent',
      entity: 'shipment',
      entityId: shipmentId,
      before: { status: 'prepared' },
      after: { status: 'sent', aliquots: aliquots.map((a) => a.barcode) },
    });
    return shipmentDetail(trx, db, (await findShipment(db, shipmentId))!);
  });
}

/**
 * Receives a sent shipment (the receiving site), every item accounted for: received, missing or damaged.
 * Received and damaged aliquots become the receiving site's, unplaced (their open destruction tasks move with
 * them); missing ones stay in transit.
 */
export function receiveShipment(ctx: CallContext, shipmentId: number, input: ShipmentReceipt): Promise<ShipmentDetail> {
  const scope = scopeFor(ctx, 'sample.write');
  return inTransaction(ctx, async (trx) => {
    const found = await openShipment(trx, scope, shipmentId);
    const toSiteId = Number(found.shipment.to_site_id);
    if (!scope.includes(toSiteId)) throw notFound('shipment', shipmentId);
    const { db } = found;
    const shipment = await claimShipment(db, shipmentId, input.version);
    if (shipment.status !== 'sent') {
      throw new AppError('conflict', sampleMessages.shipmentStatus({ status: shipment.status, needed: 'sent' }));
    }
    const items = await db
      .selectFrom('shipment_items')
      .select(['id', 'aliquot_id'])
      .where('shipment_id', '=', shipmentId)
      .execute();
    const itemOf = new Map(items.map((item) => [Number(item.aliquot_id), Number(item.id)]));
    const seen = new Set<number>();
    input.items.forEach((item, index) => {
      if (!itemOf.has(item.aliquotId)) {
        throw new InputError(`items.${index}.aliquotId`, sampleMessages.notInShipment({ aliquotId: item.aliquotId }));
      }
      if (seen.has(item.aliquotId)) {
        throw new InputError(`items.${index}.aliquotId`, sampleMessages.itemTwice({ aliquotId: item.aliquotId }));
      }
      seen.add(item.aliquotId);
    });
    const aliquots = await claimAliquots(db, [...itemOf.keys()], undefined);
    const unaccounted = aliquots.filter((a) => !seen.has(Number(a.id)));
    if (unaccounted.length > 0) {
      const barcodes = unaccounted
        .slice(0, 20)
        .map((a) => a.barcode)
        .join(', ');
      throw new InputError('items', sampleMessages.unaccounted({ barcodes }));
    }
    for (const item of input.items) {
      await db
        .updateTable('shipment_items')
        .set({ receipt: item.receipt, note: item.note ?? null })
        .where('id', '=', itemOf.get(item.aliquotId)!)
        .execute();
    }
    const arrived = input.items.filter((item) => item.receipt !== 'missing').map((item) => item.aliquotId);
    if (arrived.length > 0) {
      await db
        .updateTable('aliquots')
        .set({ site_id: toSiteId, status: 'unplaced', box_id: null, box_row: null, box_column: null })
        .where('id', 'in', arrived)
        .execute();
      await db
        .updateTable('destruction_tasks')
        .set({ site_id: toSiteId })
        .where('aliquot_id', 'in', arrived)
        .where('status', '=', 'open')
        .execute();
    }
    const names = await siteNames(trx, [toSiteId]);
    const now = ctx.clock.now().toISOString();
    const byId = new Map(aliquots.map((a) => [Number(a.id), a]));
    await recordCustody(
      ctx,
      db,
      input.items
        .filter((item) => item.receipt !== 'missing')
        .map((item) => {
          const aliquot = byId.get(item.aliquotId)!;
          return {
            site_id: toSiteId,
            participant_id: aliquot.participant_id,
            tube_id: Number(aliquot.tube_id),
            aliquot_id: item.aliquotId,
            event: 'received',
            at: now,
            location: names.get(toSiteId) ?? null,
            shipment_id: shipmentId,
            details: { receipt: item.receipt, ...(item.note == null ? {} : { note: item.note }) },
          };
        }),
    );
    await db
      .updateTable('shipments')
      .set({ status: 'received', received_by: callerUserId(ctx.caller), received_at: now })
      .where('id', '=', shipmentId)
      .execute();
    const barcodesWith = (receipt: string) =>
      input.items.filter((item) => item.receipt === receipt).map((item) => byId.get(item.aliquotId)!.barcode);
    await audit(ctx, trx, {
      siteId: toSiteId,
      action: 'shipment.received',
      entity: 'shipment',
      entityId: shipmentId,
      before: { status: 'sent' },
      after: {
        status: 'received',
        received: barcodesWith('received'),
        missing: barcodesWith('missing'),
        damaged: barcodesWith('damaged'),
      },
    });
    return shipmentDetail(trx, db, (await findShipment(db, shipmentId))!);
  });
}

/** Claims a shipment at the version read (src/db/claim.ts); not found outside the handle's sites. */
async function claimShipment(db: StudyDb, shipmentId: number, expected: number) {
  const claimed = await db
    .updateTable('shipments')
    .set(nextVersion)
    .where('id', '=', shipmentId)
    .returning('version')
    .executeTakeFirst();
  if (claimed === undefined) throw notFound('shipment', shipmentId);
  const read = Number(claimed.version) - 1;
  if (read !== expected) throw new AppError('conflict', sampleMessages.stale({ version: read }), { field: 'version' });
  return (await findShipment(db, shipmentId))!;
}

/**
 * Claims aliquots (one statement; their rows stay locked on PostgreSQL), at one site when given; an id not found
 * there is not found. Answers them as read after the claim.
 */
async function claimAliquots(db: StudyDb, ids: readonly number[], siteId: number | undefined): Promise<AliquotRow[]> {
  if (ids.length === 0) return [];
  let claim = db
    .updateTable('aliquots')
    .set(nextVersion)
    .where('id', 'in', [...ids]);
  if (siteId !== undefined) claim = claim.where('site_id', '=', siteId);
  const claimed = new Set((await claim.returning('id').execute()).map((row) => Number(row.id)));
  const missing = ids.find((id) => !claimed.has(id));
  if (missing !== undefined) throw notFound('aliquot', missing);
  return selectAliquots(db)
    .where('aliquots.id', 'in', [...ids])
    .orderBy('aliquots.id')
    .execute();
}

/** In stock, and not waiting to be destroyed. */
async function requireShippable(db: StudyDb, aliquots: readonly AliquotRow[]): Promise<void> {
  aliquots.forEach(requireInStock);
  const destroying = await awaitingDestruction(
    db,
    aliquots.map((a) => Number(a.id)),
  );
  const first = aliquots.find((a) => destroying.has(Number(a.id)));
  if (first !== undefined) throw new AppError('conflict', sampleMessages.toBeDestroyed({ barcode: first.barcode }));
}
