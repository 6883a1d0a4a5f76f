import type { Insertable, Kysely } from 'kysely';
import type { CustodyEventsTable } from '../../db/tables-biobank.ts';
import type { Tables } from '../../db/tables.ts';
import { callerName, callerUserId, type CallContext } from '../../kernel/context.ts';
import type { StudyDb } from '../../kernel/study-db.ts';

/** The SQL of the biobank shared by its use cases, with explicit column lists. */

/** Aliquots with where they are (box, rack, freezer) and whose they are (study id, protocol version). */
export function selectAliquots(db: StudyDb) {
  return db
    .selectFrom('aliquots')
    .leftJoin('boxes', 'boxes.id', 'aliquots.box_id')
    .leftJoin('racks', 'racks.id', 'boxes.rack_id')
    .leftJoin('freezers', 'freezers.id', 'racks.freezer_id')
    .leftJoin('tubes', 'tubes.id', 'aliquots.tube_id')
    .leftJoin('participants', 'participants.id', 'aliquots.participant_id')
    .select([
      'aliquots.id',
      'aliquots.site_id',
      'aliquots.participant_id',
      'aliquots.tube_id',
      'aliquots.visit_code',
      'aliquots.sample_type',
      'aliquots.volume_ul',
      'aliquots.barcode',
      'aliquots.status',
      'aliquots.box_id',
      'aliquots.box_row',
      'aliquots.box_column',
      'aliquots.freeze_thaw_count',
      'aliquots.created_at',
      'aliquots.version',
      'boxes.name as box_name',
      'racks.name as rack_name',
      'freezers.name as freezer_name',
      'tubes.delay_minutes',
      'tubes.drawn_at',
      'participants.study_id',
      'participants.protocol_version',
    ]);
}
export type AliquotRow = Awaited<ReturnType<ReturnType<typeof selectAliquots>['execute']>>[number];

export const tubeColumns = [
  'id',
  'site_id',
  'participant_id',
  'visit_code',
  'tube_type',
  'barcode',
  'drawn_at',
  'received_at',
  'processed_at',
  'centrifuge_json',
  'delay_minutes',
  'delay_exceeded',
  'status',
  'version',
] as const;

export const boxColumns = [
  'id',
  'site_id',
  'rack_id',
  'name',
  'barcode',
  'rows',
  'columns',
  'created_at',
  'version',
] as const;

/** A box with the names of its rack and freezer, for location texts. */
export function findBox(db: StudyDb, boxId: number) {
  return db
    .selectFrom('boxes')
    .leftJoin('racks', 'racks.id', 'boxes.rack_id')
    .leftJoin('freezers', 'freezers.id', 'racks.freezer_id')
    .select([
      'boxes.id',
      'boxes.site_id',
      'boxes.rack_id',
      'boxes.name',
      'boxes.barcode',
      'boxes.rows',
      'boxes.columns',
      'boxes.created_at',
      'boxes.version',
      'racks.name as rack_name',
      'freezers.name as freezer_name',
    ])
    .where('boxes.id', '=', boxId)
    .executeTakeFirst();
}
export type BoxRow = NonNullable<Awaited<ReturnType<typeof findBox>>>;

/** Aliquots in boxes, counted per box (for used and free positions). */
export async function usedPositions(db: StudyDb, boxIds: readonly number[]): Promise<Map<number, number>> {
  if (boxIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('aliquots')
    .select(['box_id', (eb) => eb.fn.countAll().as('used')])
    .where('box_id', 'in', [...boxIds])
    .groupBy('box_id')
    .execute();
  // count(*) is a number in SQLite and a string in PostgreSQL.
  return new Map(rows.map((row) => [Number(row.box_id), Number(row.used)]));
}

/** Site names by id (sites are global; names go into location texts). */
export async function siteNames(db: Kysely<Tables>, ids: readonly number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('sites').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}

/** Which of these barcodes are in use, by a tube, an aliquot or a box anywhere in the study. */
export async function barcodesInUse(everywhere: StudyDb, candidates: readonly string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const list = [...candidates];
  const [tubes, aliquots, boxes] = await Promise.all([
    everywhere.selectFrom('tubes').select('barcode').where('barcode', 'in', list).execute(),
    everywhere.selectFrom('aliquots').select('barcode').where('barcode', 'in', list).execute(),
    everywhere.selectFrom('boxes').select('barcode').where('barcode', 'in', list).execute(),
  ]);
  return new Set([...tubes, ...aliquots, ...boxes].map((row) => row.barcode));
}

/** Aliquots that wait for a destruction (an open task), among these. */
export async function awaitingDestruction(db: StudyDb, aliquotIds: readonly number[]): Promise<Set<number>> {
  if (aliquotIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('destruction_tasks')
    .select('aliquot_id')
    .where('aliquot_id', 'in', [...aliquotIds])
    .where('status', '=', 'open')
    .execute();
  return new Set(rows.map((row) => Number(row.aliquot_id)));
}

export type CustodyEvent = Omit<Insertable<CustodyEventsTable>, 'by_user' | 'by_name' | 'details_json'> & {
  details?: Record<string, unknown>;
};

/** Appends chain-of-custody events, each with who did it. */
export async function recordCustody(ctx: CallContext, db: StudyDb, events: readonly CustodyEvent[]): Promise<void> {
  if (events.length === 0) return;
  const by = { by_user: callerUserId(ctx.caller), by_name: callerName(ctx.caller) };
  const rows = events.map(({ details, ...event }) => ({
    ...event,
    ...by,
    details_json: JSON.stringify(details ?? {}),
  }));
  // A few hundred rows per statement stay under SQLite's and PostgreSQL's bound-parameter limits.
  for (let start = 0; start < rows.length; start += 500) {
    await db.insertInto('custody_events', rows.slice(start, start + 500)).execute();
  }
}
