import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';

/**
 * The SQL of the ODM export: research tables only, with explicit column lists. participant_identities is never
 * read. Participants come in batches by id (keyset), and everything else by the batch's participants or records,
 * so memory stays bounded however large the study.
 */

/** Ids in one `in (...)` list at most: well under both engines' limits on bound parameters. */
const chunkSize = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += chunkSize) out.push(values.slice(i, i + chunkSize));
  return out;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
}

/** Accounts by login and display name: never an email, a password hash or a second factor. */
export async function usersOf(db: Kysely<Tables>): Promise<UserRow[]> {
  const rows = await db.selectFrom('users').select(['id', 'username', 'display_name']).orderBy('username').execute();
  return rows.map((r) => ({ id: Number(r.id), username: r.username, displayName: r.display_name }));
}

/** Who changed form data without an account (the system's calculations, command-line operators). */
export async function operatorActors(db: Kysely<Tables>): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('actor')
    .distinct()
    .where('entity', '=', 'form_record')
    .where('user_id', 'is', null)
    .execute();
  return rows.map((r) => r.actor);
}

export async function signatureMeanings(db: StudyDb): Promise<string[]> {
  const rows = await db
    .selectFrom('form_records')
    .select('signature_meaning')
    .distinct()
    .where('signature_meaning', 'is not', null)
    .execute();
  return rows.map((r) => r.signature_meaning!).sort();
}

export interface ParticipantRow {
  id: number;
  siteId: number;
  studyId: string;
  protocolVersion: string;
}

/** The next batch of participants of one protocol version (and site), after the id given. */
export async function participantBatch(
  db: StudyDb,
  where: { protocolVersion: string; siteId: number | null; afterId: number; limit: number },
): Promise<ParticipantRow[]> {
  let query = db
    .selectFrom('participants')
    .select(['id', 'site_id', 'study_id', 'protocol_version'])
    .where('protocol_version', '=', where.protocolVersion)
    .where('id', '>', where.afterId)
    .orderBy('id')
    .limit(where.limit);
  if (where.siteId !== null) query = query.where('site_id', '=', where.siteId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    siteId: Number(r.site_id),
    studyId: r.study_id,
    protocolVersion: r.protocol_version,
  }));
}

export interface RecordRow {
  id: number;
  participantId: number;
  formId: string;
  formVersion: string;
  slot: string;
  signedBy: number | null;
  signedByName: string | null;
  signedAt: string | null;
  signatureMeaning: string | null;
}

export async function recordsOf(db: StudyDb, participantIds: readonly number[]): Promise<RecordRow[]> {
  const out: RecordRow[] = [];
  for (const ids of chunks(participantIds)) {
    const rows = await db
      .selectFrom('form_records')
      .select([
        'id',
        'participant_id',
        'form_id',
        'form_version',
        'slot',
        'signed_by',
        'signed_by_name',
        'signed_at',
        'signature_meaning',
      ])
      .where('participant_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        participantId: Number(r.participant_id),
        formId: r.form_id,
        formVersion: r.form_version,
        slot: r.slot,
        signedBy: r.signed_by === null ? null : Number(r.signed_by),
        signedByName: r.signed_by_name,
        signedAt: r.signed_at,
        signatureMeaning: r.signature_meaning,
      });
    }
  }
  return out;
}

export interface ItemRow {
  recordId: number;
  itemId: string;
  rowIndex: number;
  valueText: string | null;
  missing: string | null;
}

/** The current entries of the participants' records (through form_records, whose key leads with the participant). */
export async function itemsOf(db: StudyDb, participantIds: readonly number[]): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for (const ids of chunks(participantIds)) {
    const rows = await db
      .selectFrom('item_data')
      .innerJoin('form_records', 'form_records.id', 'item_data.record_id')
      .select([
        'item_data.record_id',
        'item_data.item_id',
        'item_data.row_index',
        'item_data.value_text',
        'item_data.missing',
      ])
      .where('form_records.participant_id', 'in', ids)
      .execute();
    for (const r of rows) {
      out.push({
        recordId: Number(r.record_id),
        itemId: r.item_id,
        rowIndex: Number(r.row_index),
        valueText: r.value_text,
        missing: r.missing,
      });
    }
  }
  return out;
}

export interface AuditRow {
  seq: number;
  at: string;
  userId: number | null;
  actor: string;
  recordId: number;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string | null;
  source: string;
}

/** The audit entries of form records, in the order they were written. */
export async function recordAudit(db: Kysely<Tables>, recordIds: readonly number[]): Promise<AuditRow[]> {
  const out: AuditRow[] = [];
  for (const ids of chunks(recordIds)) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'user_id', 'actor', 'entity_id', 'before_json', 'after_json', 'reason', 'source'])
      .where('entity', '=', 'form_record')
      .where(
        'entity_id',
        'in',
        ids.map((id) => String(id)),
      )
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      out.push({
        seq: Number(r.seq),
        at: r.at,
        userId: r.user_id === null ? null : Number(r.user_id),
        actor: r.actor,
        recordId: Number(r.entity_id),
        beforeJson: r.before_json,
        afterJson: r.after_json,
        reason: r.reason,
        source: r.source,
      });
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

export interface QueryRow {
  id: number;
  recordId: number;
  itemKey: string;
  rule: string | null;
  status: string;
  openedAt: string;
  closedAt: string | null;
  messages: { at: string; userId: number | null; actor: string; kind: string; text: string }[];
}

export async function queriesOf(db: StudyDb, participantIds: readonly number[]): Promise<QueryRow[]> {
  const out = new Map<number, QueryRow>();
  for (const ids of chunks(participantIds)) {
    const rows = await db
      .selectFrom('queries')
      .select(['id', 'record_id', 'item_key', 'rule', 'status', 'opened_at', 'closed_at'])
      .where('participant_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      out.set(Number(r.id), {
        id: Number(r.id),
        recordId: Number(r.record_id),
        itemKey: r.item_key,
        rule: r.rule,
        status: r.status,
        openedAt: r.opened_at,
        closedAt: r.closed_at,
        messages: [],
      });
    }
    const messages = await db
      .selectFrom('query_messages')
      .select(['query_id', 'at', 'user_id', 'actor', 'kind', 'text'])
      .where('participant_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const m of messages) {
      out.get(Number(m.query_id))?.messages.push({
        at: m.at,
        userId: m.user_id === null ? null : Number(m.user_id),
        actor: m.actor,
        kind: m.kind,
        text: m.text,
      });
    }
  }
  return [...out.values()];
}

export interface TubeRow {
  id: number;
  participantId: number;
  barcode: string;
  visit: string;
  tubeType: string;
  status: string;
  drawnAt: string | null;
}

export interface AliquotRow {
  tubeId: number;
  barcode: string;
  sampleType: string;
  volumeUl: number | null;
  status: string;
  freezer: string | null;
  rack: string | null;
  box: string | null;
  boxRow: number | null;
  boxColumn: number | null;
}

/** Tubes and aliquots with where each aliquot is stored; lab results are not read. */
export async function samplesOf(
  db: StudyDb,
  participantIds: readonly number[],
): Promise<{ tubes: TubeRow[]; aliquots: AliquotRow[] }> {
  const tubes: TubeRow[] = [];
  const aliquots: AliquotRow[] = [];
  for (const ids of chunks(participantIds)) {
    const tubeRows = await db
      .selectFrom('tubes')
      .select(['id', 'participant_id', 'barcode', 'visit_code', 'tube_type', 'status', 'drawn_at'])
      .where('participant_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const t of tubeRows) {
      tubes.push({
        id: Number(t.id),
        participantId: Number(t.participant_id),
        barcode: t.barcode,
        visit: t.visit_code,
        tubeType: t.tube_type,
        status: t.status,
        drawnAt: t.drawn_at,
      });
    }
    const aliquotRows = await db
      .selectFrom('aliquots')
      .leftJoin('boxes', 'boxes.id', 'aliquots.box_id')
      .leftJoin('racks', 'racks.id', 'boxes.rack_id')
      .leftJoin('freezers', 'freezers.id', 'racks.freezer_id')
      .select([
        'aliquots.tube_id',
        'aliquots.barcode',
        'aliquots.sample_type',
        'aliquots.volume_ul',
        'aliquots.status',
        'aliquots.box_row',
        'aliquots.box_column',
        'boxes.name as box_name',
        'racks.name as rack_name',
        'freezers.name as freezer_name',
      ])
      .where('aliquots.participant_id', 'in', ids)
      .orderBy('aliquots.id')
      .execute();
    for (const a of aliquotRows) {
      aliquots.push({
        tubeId: Number(a.tube_id),
        barcode: a.barcode,
        sampleType: a.sample_type,
        volumeUl: a.volume_ul === null ? null : Number(a.volume_ul),
        status: a.status,
        freezer: a.freezer_name,
        rack: a.rack_name,
        box: a.box_name,
        boxRow: a.box_row === null ? null : Number(a.box_row),
        boxColumn: a.box_column === null ? null : Number(a.box_column),
      });
    }
  }
  return { tubes, aliquots };
}
