import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { Tables } from '../../db/tables.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { freshBarcodes } from './barcodes.ts';
import { placeText } from './box-rules.ts';
import { sampleMessages } from './messages.ts';
import { positionLabel } from './positions.ts';
import { everySite } from './reach.ts';
import { barcodesInUse, boxColumns, findBox, siteNames, usedPositions } from './repo.ts';
import type {
  BoxMap,
  BoxView,
  StorageTree,
  boxCreate,
  freezerCreate,
  freezerView,
  rackCreate,
  rackView,
} from './schemas.ts';
import { toBoxView } from './views.ts';

/** Storage as data: a site's freezers, their racks or shelves, the boxes in those; and the map of a box. */

type FreezerView = z.infer<typeof freezerView>;
type RackView = z.infer<typeof rackView>;

const freezerColumns = ['id', 'site_id', 'name', 'kind', 'location', 'created_at'] as const;
const rackColumns = ['id', 'site_id', 'freezer_id', 'name', 'kind', 'created_at'] as const;

function toFreezerView(row: {
  id: number;
  site_id: number;
  name: string;
  kind: string;
  location: string | null;
  created_at: string;
}): FreezerView {
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    name: row.name,
    kind: row.kind as FreezerView['kind'],
    location: row.location,
    createdAt: row.created_at,
  };
}

function toRackView(row: {
  id: number;
  site_id: number;
  freezer_id: number;
  name: string;
  kind: string;
  created_at: string;
}): RackView {
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    freezerId: Number(row.freezer_id),
    name: row.name,
    kind: row.kind as RackView['kind'],
    createdAt: row.created_at,
  };
}

export function createFreezer(
  ctx: CallContext,
  siteId: number,
  input: z.infer<typeof freezerCreate>,
): Promise<FreezerView> {
  const scope = requireAtSite(ctx, 'storage.manage', siteId);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const same = await db
      .selectFrom('freezers')
      .select('id')
      .where('site_id', '=', siteId)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (same !== undefined)
      throw new AppError('conflict', sampleMessages.nameTaken({ name: input.name }), { field: 'name' });
    const row = await db
      .insertInto('freezers', [
        {
          site_id: siteId,
          name: input.name,
          kind: input.kind,
          location: input.location ?? null,
          created_at: ctx.clock.now().toISOString(),
        },
      ])
      .returning(freezerColumns)
      .executeTakeFirstOrThrow();
    const view = toFreezerView(row);
    await audit(ctx, trx, {
      siteId,
      action: 'storage.freezer_added',
      entity: 'freezer',
      entityId: view.id,
      after: view,
    });
    return view;
  });
}

export function createRack(ctx: CallContext, freezerId: number, input: z.infer<typeof rackCreate>): Promise<RackView> {
  const scope = scopeFor(ctx, 'storage.manage');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const freezer = await db
      .selectFrom('freezers')
      .select(['id', 'site_id'])
      .where('id', '=', freezerId)
      .executeTakeFirst();
    if (freezer === undefined) throw notFound('freezer', freezerId);
    const same = await db
      .selectFrom('racks')
      .select('id')
      .where('freezer_id', '=', freezerId)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (same !== undefined)
      throw new AppError('conflict', sampleMessages.nameTaken({ name: input.name }), { field: 'name' });
    const siteId = Number(freezer.site_id);
    const row = await db
      .insertInto('racks', [
        {
          site_id: siteId,
          freezer_id: freezerId,
          name: input.name,
          kind: input.kind,
          created_at: ctx.clock.now().toISOString(),
        },
      ])
      .returning(rackColumns)
      .executeTakeFirstOrThrow();
    const view = toRackView(row);
    await audit(ctx, trx, { siteId, action: 'storage.rack_added', entity: 'rack', entityId: view.id, after: view });
    return view;
  });
}

export function createBox(ctx: CallContext, rackId: number, input: z.infer<typeof boxCreate>): Promise<BoxView> {
  const scope = scopeFor(ctx, 'storage.manage');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const rack = await db.selectFrom('racks').select(['id', 'site_id']).where('id', '=', rackId).executeTakeFirst();
    if (rack === undefined) throw notFound('rack', rackId);
    const everywhere = everySite(trx, 'storage.manage');
    let barcode: string;
    if (input.barcode != null) {
      if ((await barcodesInUse(everywhere, [input.barcode])).size > 0) {
        throw new AppError('conflict', sampleMessages.barcodeTaken({ barcode: input.barcode }), { field: 'barcode' });
      }
      barcode = input.barcode;
    } else {
      [barcode] = (await freshBarcodes(
        'box',
        1,
        (candidates) => barcodesInUse(everywhere, candidates),
        ctx.random,
      )) as [string];
    }
    const siteId = Number(rack.site_id);
    const row = await db
      .insertInto('boxes', [
        {
          site_id: siteId,
          rack_id: rackId,
          name: input.name,
          barcode,
          rows: input.rows,
          columns: input.columns,
          created_at: ctx.clock.now().toISOString(),
        },
      ])
      .returning(boxColumns)
      .executeTakeFirstOrThrow();
    const view = toBoxView(row, 0);
    await audit(ctx, trx, { siteId, action: 'storage.box_added', entity: 'box', entityId: view.id, after: view });
    return view;
  });
}

/** The site's freezers → racks → boxes, with used and free positions (four queries, whatever the size). */
export async function siteStorage(ctx: CallContext, siteId: number): Promise<StorageTree> {
  const db = studyDb(ctx.database.kysely, requireAtSite(ctx, 'participant.read', siteId));
  const [freezers, racks, boxes] = await Promise.all([
    db.selectFrom('freezers').select(freezerColumns).where('site_id', '=', siteId).orderBy('name').execute(),
    db.selectFrom('racks').select(rackColumns).where('site_id', '=', siteId).orderBy('name').execute(),
    db.selectFrom('boxes').select(boxColumns).where('site_id', '=', siteId).orderBy('name').execute(),
  ]);
  const used = await usedPositions(
    db,
    boxes.map((b) => Number(b.id)),
  );
  const boxViews = boxes.map((box) => toBoxView(box, used.get(Number(box.id)) ?? 0));
  return {
    freezers: freezers.map((freezer) => ({
      ...toFreezerView(freezer),
      racks: racks
        .filter((rack) => Number(rack.freezer_id) === Number(freezer.id))
        .map((rack) => ({ ...toRackView(rack), boxes: boxViews.filter((box) => box.rackId === Number(rack.id)) })),
    })),
  };
}

export function boxMap(ctx: CallContext, boxId: number): Promise<BoxMap> {
  const handle = ctx.database.kysely;
  return boxMapView(handle, studyDb(handle, scopeFor(ctx, 'participant.read')), boxId);
}

/** A box (found at the handle's sites: else not found) with every position and what is in it: one query for those. */
export async function boxMapView(handle: Kysely<Tables>, db: StudyDb, boxId: number): Promise<BoxMap> {
  const box = await findBox(db, boxId);
  if (box === undefined) throw notFound('box', boxId);
  const aliquots = await db
    .selectFrom('aliquots')
    .leftJoin('participants', 'participants.id', 'aliquots.participant_id')
    .select([
      'aliquots.id',
      'aliquots.barcode',
      'aliquots.visit_code',
      'aliquots.sample_type',
      'aliquots.status',
      'aliquots.version',
      'aliquots.box_row',
      'aliquots.box_column',
      'participants.study_id',
    ])
    .where('aliquots.box_id', '=', boxId)
    .execute();
  const byPlace = new Map(aliquots.map((a) => [`${a.box_row}:${a.box_column}`, a]));
  const site = (await siteNames(handle, [Number(box.site_id)])).get(Number(box.site_id));
  const positions: BoxMap['positions'] = [];
  for (let row = 1; row <= Number(box.rows); row += 1) {
    for (let column = 1; column <= Number(box.columns); column += 1) {
      const a = byPlace.get(`${row}:${column}`);
      positions.push({
        row,
        column,
        position: positionLabel(row, column),
        aliquot:
          a === undefined
            ? null
            : {
                id: Number(a.id),
                barcode: a.barcode,
                studyId: a.study_id,
                visit: a.visit_code,
                sampleType: a.sample_type,
                status: a.status as 'stored',
                version: Number(a.version),
              },
      });
    }
  }
  return {
    box: { ...toBoxView(box, aliquots.length), location: placeText(site, box.freezer_name, box.rack_name) },
    positions,
  };
}
