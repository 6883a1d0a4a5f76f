import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { FormRecordRow, ItemDatum } from '../../interop/tables/rows.ts';
import type { Cell } from '../../interop/tables/spec.ts';
import type { StudyDb } from '../../kernel/study-db.ts';

/**
 * The SQL of the table export: participants in batches by id (keyset paging), and each study table for one batch
 * of participants, with explicit column lists. participant_identities is never read.
 */

export interface ParticipantBatchRow {
  id: number;
  siteId: number;
  studyId: string;
  record: Record<string, Cell>;
}

export type Row = Record<string, Cell>;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function participantBatch(db: StudyDb, after: number, size: number): Promise<ParticipantBatchRow[]> {
  const rows = await db
    .selectFrom('participants')
    .select([
      'id',
      'site_id',
      'study_id',
      'protocol_version',
      'icu_admission_at',
      'enrolled_at',
      'consent_route',
      'follow_up_stopped_on',
      'follow_up_stop_reason',
    ])
    .where('id', '>', after)
    .orderBy('id')
    .limit(size)
    .execute();
  return rows.map((p) => ({
    id: Number(p.id),
    siteId: Number(p.site_id),
    studyId: p.study_id,
    record: {
      protocol_version: p.protocol_version,
      icu_admission_at: p.icu_admission_at,
      enrolled_at: p.enrolled_at,
      consent_route: p.consent_route,
      follow_up_stopped_on: p.follow_up_stopped_on,
      follow_up_stop_reason: p.follow_up_stop_reason,
    },
  }));
}

export async function visitsOf(db: StudyDb, ids: readonly number[]): Promise<(Row & { participantId: number })[]> {
  const rows = await db
    .selectFrom('visit_records')
    .select([
      'participant_id',
      'visit_code',
      'outcome',
      'occurred_at',
      'in_window',
      'blood_drawn',
      'blood_volume_ml',
      'no_blood_reason',
      'missed_reason',
    ])
    .where('participant_id', 'in', [...ids])
    .orderBy('participant_id')
    .orderBy('id')
    .execute();
  return rows.map((v) => ({
    participantId: Number(v.participant_id),
    visit: v.visit_code,
    outcome: v.outcome,
    occurred_at: v.occurred_at,
    in_window: num(v.in_window),
    blood_drawn: num(v.blood_drawn),
    blood_volume_ml: num(v.blood_volume_ml),
    no_blood_reason: v.no_blood_reason,
    missed_reason: v.missed_reason,
  }));
}

export interface TubeRow {
  id: number;
  participantId: number;
  record: Row;
}

export async function tubesOf(db: StudyDb, ids: readonly number[]): Promise<TubeRow[]> {
  const rows = await db
    .selectFrom('tubes')
    .select([
      'id',
      'participant_id',
      'visit_code',
      'barcode',
      'tube_type',
      'drawn_at',
      'received_at',
      'processed_at',
      'delay_minutes',
      'delay_exceeded',
      'status',
    ])
    .where('participant_id', 'in', [...ids])
    .orderBy('participant_id')
    .orderBy('id')
    .execute();
  return rows.map((t) => ({
    id: Number(t.id),
    participantId: Number(t.participant_id),
    record: {
      visit: t.visit_code,
      barcode: t.barcode,
      tube_type: t.tube_type,
      drawn_at: t.drawn_at,
      received_at: t.received_at,
      processed_at: t.processed_at,
      delay_minutes: num(t.delay_minutes),
      delay_exceeded: num(t.delay_exceeded),
      status: t.status,
    },
  }));
}

export async function aliquotsOf(
  db: StudyDb,
  ids: readonly number[],
): Promise<{ participantId: number; tubeId: number; record: Row }[]> {
  const rows = await db
    .selectFrom('aliquots')
    .select([
      'participant_id',
      'tube_id',
      'visit_code',
      'barcode',
      'sample_type',
      'volume_ul',
      'status',
      'freeze_thaw_count',
    ])
    .where('participant_id', 'in', [...ids])
    .orderBy('participant_id')
    .orderBy('id')
    .execute();
  return rows.map((a) => ({
    participantId: Number(a.participant_id),
    tubeId: Number(a.tube_id),
    record: {
      visit: a.visit_code,
      barcode: a.barcode,
      sample_type: a.sample_type,
      volume_ul: num(a.volume_ul),
      status: a.status,
      freeze_thaw_count: num(a.freeze_thaw_count),
    },
  }));
}

export async function resultsOf(
  db: StudyDb,
  ids: readonly number[],
): Promise<{ participantId: number; assayId: number; record: Row }[]> {
  const rows = await db
    .selectFrom('lab_results')
    .select([
      'participant_id',
      'assay_id',
      'visit_code',
      'sample_barcode',
      'analyte',
      'value',
      'unit',
      'qualifier',
      'lod',
      'entered_value',
      'entered_unit',
      'plate',
      'qc',
      'result_version',
      'created_at',
    ])
    .where('participant_id', 'in', [...ids])
    .where('current', '=', 1)
    .orderBy('participant_id')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    participantId: Number(r.participant_id),
    assayId: Number(r.assay_id),
    record: {
      visit: r.visit_code,
      sample_barcode: r.sample_barcode,
      analyte: r.analyte,
      value: num(r.value),
      unit: r.unit,
      qualifier: r.qualifier,
      lod: num(r.lod),
      entered_value: r.entered_value,
      entered_unit: r.entered_unit,
      plate: r.plate,
      qc: r.qc,
      result_version: num(r.result_version),
      created_at: r.created_at,
    },
  }));
}

/** `code vN` of every assay (a study-wide table). */
export async function assayNames(plain: Kysely<Tables>): Promise<Map<number, string>> {
  const rows = await plain.selectFrom('assays').select(['id', 'code', 'version']).execute();
  return new Map(rows.map((a) => [Number(a.id), `${a.code} v${a.version}`]));
}

export async function formRecordsOf(
  db: StudyDb,
  ids: readonly number[],
): Promise<(Omit<FormRecordRow, 'studyId' | 'site'> & { participantId: number })[]> {
  const rows = await db
    .selectFrom('form_records')
    .select(['id', 'participant_id', 'form_id', 'form_version', 'slot', 'status'])
    .where('participant_id', 'in', [...ids])
    .orderBy('participant_id')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    participantId: Number(r.participant_id),
    formId: r.form_id,
    formVersion: r.form_version,
    slot: r.slot,
    status: r.status,
  }));
}

/**
 * The item data of form records, by record id (the leading column of item_data's unique index: a lookup by
 * participant would scan the table once per batch), a thousand records a query.
 */
export async function itemDataOf(
  db: StudyDb,
  recordIds: readonly number[],
): Promise<(ItemDatum & { recordId: number })[]> {
  const out: (ItemDatum & { recordId: number })[] = [];
  for (let at = 0; at < recordIds.length; at += 1000) {
    const rows = await db
      .selectFrom('item_data')
      .select(['record_id', 'item_id', 'row_index', 'value_text', 'missing'])
      .where('record_id', 'in', recordIds.slice(at, at + 1000))
      .execute();
    for (const d of rows) {
      out.push({
        recordId: Number(d.record_id),
        itemId: d.item_id,
        row: Number(d.row_index),
        value: d.value_text,
        missing: d.missing,
      });
    }
  }
  return out;
}
