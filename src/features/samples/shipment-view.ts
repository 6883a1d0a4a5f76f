import type { Kysely } from 'kysely';
import { notFound } from '../../core/messages.ts';
import type { Tables } from '../../db/tables.ts';
import type { SiteScope } from '../../kernel/scope.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import { boxPositionText } from './box-rules.ts';
import { positionLabel } from './positions.ts';
import { everySite, shipmentSites } from './reach.ts';
import { selectAliquots, siteNames } from './repo.ts';
import type { ShipmentDetail, ShipmentView } from './schemas.ts';

/** Reading shipments, which belong to two sites: the sender (whose rows they are) and the receiver. */

export const shipmentColumns = [
  'id',
  'site_id',
  'to_site_id',
  'status',
  'courier',
  'tracking',
  'temperature',
  'created_by',
  'created_at',
  'sent_at',
  'received_at',
  'version',
] as const;

export function findShipment(db: StudyDb, shipmentId: number) {
  return db.selectFrom('shipments').select(shipmentColumns).where('id', '=', shipmentId).executeTakeFirst();
}
export type ShipmentRow = NonNullable<Awaited<ReturnType<typeof findShipment>>>;

/**
 * A shipment whose sending or receiving site is in the scope, and a handle on both its sites; not found
 * otherwise (as if it did not exist).
 */
export async function openShipment(
  handle: Kysely<Tables>,
  scope: SiteScope,
  shipmentId: number,
): Promise<{ shipment: ShipmentRow; db: StudyDb }> {
  const shipment = await findShipment(everySite(handle, scope.action), shipmentId);
  if (
    shipment === undefined ||
    !(scope.includes(Number(shipment.site_id)) || scope.includes(Number(shipment.to_site_id)))
  ) {
    throw notFound('shipment', shipmentId);
  }
  return { shipment, db: shipmentSites(handle, scope.action, [Number(shipment.site_id), Number(shipment.to_site_id)]) };
}

/** Items and discrepancies per shipment (one query). */
async function itemCounts(
  db: StudyDb,
  ids: readonly number[],
): Promise<Map<number, { items: number; discrepancies: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('shipment_items')
    .select(['shipment_id', 'receipt', (eb) => eb.fn.countAll().as('n')])
    .where('shipment_id', 'in', [...ids])
    .groupBy(['shipment_id', 'receipt'])
    .execute();
  const counts = new Map<number, { items: number; discrepancies: number }>();
  for (const row of rows) {
    const entry = counts.get(Number(row.shipment_id)) ?? { items: 0, discrepancies: 0 };
    entry.items += Number(row.n);
    if (row.receipt === 'missing' || row.receipt === 'damaged') entry.discrepancies += Number(row.n);
    counts.set(Number(row.shipment_id), entry);
  }
  return counts;
}

export async function shipmentViews(
  handle: Kysely<Tables>,
  db: StudyDb,
  rows: readonly ShipmentRow[],
): Promise<ShipmentView[]> {
  const names = await siteNames(
    handle,
    rows.flatMap((r) => [Number(r.site_id), Number(r.to_site_id)]),
  );
  const counts = await itemCounts(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((row) => {
    const count = counts.get(Number(row.id)) ?? { items: 0, discrepancies: 0 };
    return {
      id: Number(row.id),
      fromSiteId: Number(row.site_id),
      fromSite: names.get(Number(row.site_id)) ?? '',
      toSiteId: Number(row.to_site_id),
      toSite: names.get(Number(row.to_site_id)) ?? '',
      status: row.status as ShipmentView['status'],
      courier: row.courier,
      tracking: row.tracking,
      temperature: row.temperature,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      receivedAt: row.received_at,
      itemCount: count.items,
      discrepancies: count.discrepancies,
      version: Number(row.version),
    };
  });
}

/**
 * A shipment with its items: each aliquot's box and position where it is now, or, once sent, where it was when
 * the shipment left (kept on its `shipped` custody event).
 */
export async function shipmentDetail(
  handle: Kysely<Tables>,
  db: StudyDb,
  shipment: ShipmentRow,
): Promise<ShipmentDetail> {
  const [view] = await shipmentViews(handle, db, [shipment]);
  const shipmentId = Number(shipment.id);
  const items = await db
    .selectFrom('shipment_items')
    .select(['aliquot_id', 'receipt', 'note'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('id')
    .execute();
  const ids = items.map((item) => Number(item.aliquot_id));
  const [aliquots, shipped] = await Promise.all([
    ids.length === 0 ? [] : selectAliquots(db).where('aliquots.id', 'in', ids).execute(),
    db
      .selectFrom('custody_events')
      .select(['aliquot_id', 'details_json'])
      .where('shipment_id', '=', shipmentId)
      .where('event', '=', 'shipped')
      .execute(),
  ]);
  const byId = new Map(aliquots.map((a) => [Number(a.id), a]));
  const leftFrom = new Map(
    shipped.map((e) => [
      Number(e.aliquot_id),
      JSON.parse(e.details_json) as { box?: string | null; position?: string | null },
    ]),
  );
  return {
    ...view!,
    items: items.flatMap((item) => {
      const aliquot = byId.get(Number(item.aliquot_id));
      if (aliquot === undefined) return [];
      const inBox = boxPositionText(aliquot.box_name, aliquot.box_row, aliquot.box_column) !== null;
      const left = leftFrom.get(Number(item.aliquot_id));
      return [
        {
          aliquotId: Number(aliquot.id),
          barcode: aliquot.barcode,
          studyId: aliquot.study_id,
          visit: aliquot.visit_code,
          sampleType: aliquot.sample_type,
          volumeUl: aliquot.volume_ul === null ? null : Number(aliquot.volume_ul),
          status: aliquot.status as ShipmentDetail['items'][number]['status'],
          box: inBox ? aliquot.box_name : (left?.box ?? null),
          position: inBox
            ? positionLabel(Number(aliquot.box_row), Number(aliquot.box_column))
            : (left?.position ?? null),
          receipt: item.receipt as ShipmentDetail['items'][number]['receipt'],
          note: item.note,
        },
      ];
    }),
  };
}
