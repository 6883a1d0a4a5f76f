import type { Kysely, Selectable } from 'kysely';
import type { FormRecordsTable, Tables } from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { MissingCode } from '../../protocol/forms.ts';
import type { LockView } from './contract.ts';
import { storedKey, type ItemChange, type StoredItem } from './form-data.ts';

export type FormRecordRow = Selectable<FormRecordsTable>;

export interface FormParticipant {
  id: number;
  siteId: number;
  studyId: string;
  protocolVersion: string;
  dataKeyId: number;
  /** The participant's data key as stored (sealed): opened only by a change that audits. */
  sealedKey: string;
}

export async function findParticipant(db: StudyDb, participantId: number): Promise<FormParticipant | undefined> {
  const row = await db
    .selectFrom('participants')
    .innerJoin('data_keys', 'data_keys.id', 'participants.data_key_id')
    .select([
      'participants.id',
      'participants.site_id',
      'participants.study_id',
      'participants.protocol_version',
      'participants.data_key_id',
      'data_keys.sealed_key',
    ])
    .where('participants.id', '=', participantId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: Number(row.id),
        siteId: Number(row.site_id),
        studyId: row.study_id,
        protocolVersion: row.protocol_version,
        dataKeyId: Number(row.data_key_id),
        sealedKey: row.sealed_key,
      };
}

export function findRecord(
  db: StudyDb,
  participantId: number,
  formId: string,
  slot: string,
): Promise<FormRecordRow | undefined> {
  return db
    .selectFrom('form_records')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('form_id', '=', formId)
    .where('slot', '=', slot)
    .executeTakeFirst();
}

export async function storedItemsOf(db: StudyDb, recordId: number): Promise<Map<string, StoredItem>> {
  const rows = await db
    .selectFrom('item_data')
    .select(['item_id', 'row_index', 'value_text', 'missing', 'entered_text', 'entered_unit', 'calculated'])
    .where('record_id', '=', recordId)
    .orderBy('item_id')
    .orderBy('row_index')
    .execute();
  const items = new Map<string, StoredItem>();
  for (const row of rows) {
    const item: StoredItem = {
      itemId: row.item_id,
      row: Number(row.row_index),
      calculated: Number(row.calculated) === 1,
      entry: {
        text: row.value_text,
        missing: row.missing as MissingCode | null,
        enteredText: row.entered_text,
        enteredUnit: row.entered_unit,
      },
    };
    items.set(storedKey(item), item);
  }
  return items;
}

/** The items a save after `version` changed (those it removed are gone and not named). */
export async function changedSince(
  db: StudyDb,
  recordId: number,
  version: number,
): Promise<{ itemId: string; row: number }[]> {
  const rows = await db
    .selectFrom('item_data')
    .select(['item_id', 'row_index'])
    .where('record_id', '=', recordId)
    .where('changed_in', '>', version)
    .orderBy('item_id')
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, row: Number(row.row_index) }));
}

/** Writes a save's item changes: two statements whatever their number (rows are replaced, not updated). */
export async function writeItemChanges(
  db: StudyDb,
  record: { id: number; siteId: number; participantId: number },
  changes: readonly ItemChange[],
  version: number,
): Promise<void> {
  const replaced = changes.filter((c) => c.before !== undefined);
  if (replaced.length > 0) {
    await db
      .deleteFrom('item_data')
      .where('record_id', '=', record.id)
      .where((eb) => eb.or(replaced.map((c) => eb.and([eb('item_id', '=', c.itemId), eb('row_index', '=', c.row)]))))
      .execute();
  }
  const written = changes.flatMap((c) => (c.after === undefined ? [] : [c.after]));
  if (written.length > 0) {
    await db
      .insertInto(
        'item_data',
        written.map((item) => ({
          site_id: record.siteId,
          participant_id: record.participantId,
          record_id: record.id,
          item_id: item.itemId,
          row_index: item.row,
          value_text: item.entry.text,
          missing: item.entry.missing,
          entered_text: item.entry.enteredText,
          entered_unit: item.entry.enteredUnit,
          calculated: item.calculated ? 1 : 0,
          changed_in: version,
        })),
      )
      .execute();
  }
}

export const studyLockSetting = 'study.lock';

interface LockRow {
  scope_key: string;
  locked_at: string;
  locked_by: number | null;
  reason: string | null;
}

/**
 * The locks over a site's data, widest first: the study's, the site's and, for a participant, theirs and their
 * visits' (every visit; with `visit`, that one only; `null`: none).
 */
export async function locksOver(
  trx: Kysely<Tables>,
  db: StudyDb,
  over: { siteId: number; participantId?: number; visit?: string | null },
): Promise<LockView[]> {
  const study = await trx
    .selectFrom('settings')
    .select('value')
    .where('name', '=', studyLockSetting)
    .executeTakeFirst();
  const prefix = `participant:${over.participantId}`;
  let query = db
    .selectFrom('data_locks')
    .select(['scope_key', 'locked_at', 'locked_by', 'reason'])
    .where('site_id', '=', over.siteId);
  if (over.participantId === undefined) query = query.where('scope_key', '=', 'site');
  else if (over.visit === undefined) {
    query = query.where((eb) =>
      eb.or([eb('scope_key', '=', 'site'), eb('scope_key', '=', prefix), eb('scope_key', 'like', `${prefix}:%`)]),
    );
  } else {
    query = query.where('scope_key', 'in', [
      'site',
      prefix,
      ...(over.visit === null ? [] : [`${prefix}:${over.visit}`]),
    ]);
  }
  const rows: (LockRow & { level: LockView['level'] })[] = (await query.execute()).map((row) => ({
    ...row,
    locked_by: row.locked_by === null ? null : Number(row.locked_by),
    level: row.scope_key === 'site' ? 'site' : row.scope_key === prefix ? 'participant' : 'visit',
  }));
  if (study !== undefined) rows.unshift({ ...(JSON.parse(study.value) as LockRow), level: 'study' });
  const order = ['study', 'site', 'participant', 'visit'];
  rows.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  const names = await userNames(
    trx,
    rows.map((r) => r.locked_by),
  );
  return rows.map((row) => ({
    level: row.level,
    visit: row.level === 'visit' ? row.scope_key.slice(prefix.length + 1) : null,
    lockedAt: row.locked_at,
    lockedBy: names.get(row.locked_by ?? -1) ?? 'operator',
    reason: row.reason,
  }));
}

/** Display names of users by id (the operator at the command line has none). */
export async function userNames(trx: Kysely<Tables>, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [Number(row.id), row.display_name]));
}
