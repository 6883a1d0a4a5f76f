import { sql } from 'kysely';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { ParticipantRecords } from './participant-status.ts';

/**
 * The dashboards' SQL: one grouped query or one row list per dashboard part, never a query per participant.
 * Every query goes through the ScopedDb, so it sees only the answer's sites. `count(*)` is a number in SQLite
 * and a string (bigint) in PostgreSQL: converted here.
 */

const n = (value: string | number | bigint | null | undefined): number => Number(value ?? 0);

export async function enrolments(db: StudyDb) {
  const rows = await db
    .selectFrom('participants')
    .select(['id', 'study_id', 'site_id', 'enrolled_at'])
    .orderBy('enrolled_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    participantId: Number(r.id),
    studyId: r.study_id,
    siteId: Number(r.site_id),
    enrolledAt: r.enrolled_at,
  }));
}

/**
 * Each participant with what their visit statuses, state and consent status are read from: four queries for
 * the whole answer, grouped here by participant (in id order, as the participant page reads them).
 */
export async function participantRecords(db: StudyDb): Promise<ParticipantRecords[]> {
  const participants = await db
    .selectFrom('participants')
    .select([
      'id',
      'study_id',
      'site_id',
      'protocol_version',
      'icu_admission_at',
      'follow_up_stopped_on',
      'follow_up_stop_reason',
    ])
    .orderBy('id')
    .execute();
  const visits = await db
    .selectFrom('visit_records')
    .select(['participant_id', 'visit_code', 'outcome', 'occurred_at', 'blood_drawn'])
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('clinical_events')
    .select(['participant_id', 'kind', 'occurred_on'])
    .orderBy('id')
    .execute();
  const consents = await db.selectFrom('consents').select(['participant_id', 'decision']).orderBy('id').execute();
  const records = new Map<number, ParticipantRecords>(
    participants.map((p) => [
      Number(p.id),
      {
        participantId: Number(p.id),
        studyId: p.study_id,
        siteId: Number(p.site_id),
        protocolVersion: p.protocol_version,
        icuAdmissionAt: p.icu_admission_at,
        followUpStoppedOn: p.follow_up_stopped_on,
        followUpStopReason: p.follow_up_stop_reason,
        visits: [],
        events: [],
        consents: [],
      },
    ]),
  );
  for (const v of visits) {
    records.get(Number(v.participant_id))?.visits.push({
      visit: v.visit_code,
      outcome: v.outcome,
      occurredAt: v.occurred_at,
      bloodDrawn: n(v.blood_drawn) === 1,
    });
  }
  for (const e of events) records.get(Number(e.participant_id))?.events.push({ kind: e.kind, date: e.occurred_on });
  for (const c of consents) records.get(Number(c.participant_id))?.consents.push(c.decision);
  return [...records.values()];
}

export async function screeningsForFlow(db: StudyDb) {
  const rows = await db
    .selectFrom('screenings')
    .leftJoin('participants', 'participants.screening_id', 'screenings.id')
    .select([
      'screenings.id',
      'screenings.site_id',
      'screenings.eligible',
      'screenings.outcome',
      'screenings.exclusions_met_json',
      'screenings.inclusion_failed_json',
      'participants.id as participant_id',
      'participants.study_id',
    ])
    .orderBy('screenings.id')
    .execute();
  return rows.map((r) => ({
    screeningId: Number(r.id),
    siteId: Number(r.site_id),
    eligible: n(r.eligible) === 1,
    outcome: r.outcome,
    exclusionsMet: JSON.parse(r.exclusions_met_json) as string[],
    inclusionFailed: JSON.parse(r.inclusion_failed_json) as string[],
    participant:
      r.participant_id === null || r.study_id === null
        ? null
        : { participantId: Number(r.participant_id), studyId: r.study_id },
  }));
}

/**
 * The participants with a current laboratory result of a visit: one index probe per participant
 * (`lab_results_participant`), rather than a scan of every result (tens of thousands on a 400-patient study).
 */
export async function withResultAt(db: StudyDb, visit: string): Promise<number[]> {
  const rows = await db
    .selectFrom('participants')
    .select('participants.id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('lab_results')
          .select('lab_results.id')
          .whereRef('lab_results.participant_id', '=', 'participants.id')
          .where('lab_results.visit_code', '=', visit)
          .where('lab_results.current', '=', 1),
      ),
    )
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function bloodDraws(db: StudyDb) {
  const rows = await db
    .selectFrom('visit_records')
    .innerJoin('participants', 'participants.id', 'visit_records.participant_id')
    .select([
      'visit_records.id',
      'visit_records.site_id',
      'visit_records.participant_id',
      'visit_records.visit_code',
      'visit_records.protocol_version',
      'visit_records.tubes_json',
      'visit_records.blood_volume_ml',
      'participants.study_id',
    ])
    .where('visit_records.outcome', '=', 'done')
    .where('visit_records.blood_drawn', '=', 1)
    .orderBy('visit_records.id')
    .execute();
  return rows.map((r) => ({
    participantId: Number(r.participant_id),
    studyId: r.study_id,
    siteId: Number(r.site_id),
    visit: r.visit_code,
    protocolVersion: r.protocol_version,
    tubes: r.tubes_json === null ? null : (JSON.parse(r.tubes_json) as { tube: string; count: number }[]),
    volumeMl: r.blood_volume_ml === null ? null : Number(r.blood_volume_ml),
  }));
}

/** Queries not closed (open or answered), with the form they are about. */
export async function openQueries(db: StudyDb) {
  const rows = await db
    .selectFrom('queries')
    .innerJoin('participants', 'participants.id', 'queries.participant_id')
    .innerJoin('form_records', 'form_records.id', 'queries.record_id')
    .select([
      'queries.id',
      'queries.site_id',
      'queries.participant_id',
      'queries.item_key',
      'queries.opened_at',
      'participants.study_id',
      'form_records.form_id',
      'form_records.slot',
    ])
    .where('queries.status', '!=', 'closed')
    .orderBy('queries.id')
    .execute();
  return rows.map((r) => ({
    queryId: Number(r.id),
    siteId: Number(r.site_id),
    participantId: Number(r.participant_id),
    studyId: r.study_id,
    openedAt: r.opened_at,
    detail: `query ${Number(r.id)}: ${r.form_id} ${r.slot} ${r.item_key}`,
  }));
}

// ---- completeness: counts grouped in SQL, drill-down rows with the same filters ----

/** Form records by site and form: all, and those without a required item missing. */
export async function formRecordCounts(db: StudyDb) {
  const rows = await db
    .selectFrom('form_records')
    .select((eb) => [
      'site_id',
      'form_id',
      eb.fn.countAll().as('n'),
      eb.fn.sum<number>(eb.case().when('missing_required', '>', 0).then(0).else(1).end()).as('complete'),
    ])
    .groupBy(['site_id', 'form_id'])
    .execute();
  return rows.map((r) => ({ siteId: Number(r.site_id), form: r.form_id, records: n(r.n), complete: n(r.complete) }));
}

export interface RecordFilter {
  siteId: number | null;
  form: string;
  /** true: complete only; false: with a required item missing; null: all. */
  complete: boolean | null;
}

/** Form records with their participant's study id, in the shape of `toRecordRow`. */
function selectRecords(db: StudyDb) {
  return db
    .selectFrom('form_records')
    .innerJoin('participants', 'participants.id', 'form_records.participant_id')
    .select([
      'form_records.id',
      'form_records.site_id',
      'form_records.participant_id',
      'form_records.form_id',
      'form_records.slot',
      'form_records.quality_json',
      'participants.study_id',
    ]);
}

/** Form records as drill-down rows, or with their missing items (`complete: false`). */
export async function formRecords(db: StudyDb, filter: RecordFilter) {
  let query = selectRecords(db).where('form_records.form_id', '=', filter.form);
  if (filter.siteId !== null) query = query.where('form_records.site_id', '=', filter.siteId);
  if (filter.complete === true) query = query.where('form_records.missing_required', '<=', 0);
  if (filter.complete === false) query = query.where('form_records.missing_required', '>', 0);
  const rows = await query.orderBy('form_records.id').execute();
  return rows.map(toRecordRow);
}

/** Every record with a required item missing (their `quality_json` names the items). */
export async function incompleteRecords(db: StudyDb) {
  const rows = await selectRecords(db)
    .where('form_records.missing_required', '>', 0)
    .orderBy('form_records.id')
    .execute();
  return rows.map(toRecordRow);
}

function toRecordRow(r: {
  id: number;
  site_id: number;
  participant_id: number;
  form_id: string;
  slot: string;
  quality_json: string;
  study_id: string;
}) {
  return {
    recordId: Number(r.id),
    siteId: Number(r.site_id),
    participantId: Number(r.participant_id),
    studyId: r.study_id,
    form: r.form_id,
    slot: r.slot,
    qualityJson: r.quality_json,
  };
}
export type RecordRow = ReturnType<typeof toRecordRow>;

// ---- samples ----

export async function aliquotCounts(db: StudyDb) {
  const rows = await db
    .selectFrom('aliquots')
    .select((eb) => ['site_id', 'visit_code', 'sample_type', 'status', eb.fn.countAll().as('n')])
    .groupBy(['site_id', 'visit_code', 'sample_type', 'status'])
    .execute();
  return rows.map((r) => ({
    siteId: Number(r.site_id),
    visit: r.visit_code,
    sampleType: r.sample_type,
    status: r.status,
    n: n(r.n),
  }));
}

export interface AliquotFilter {
  siteId: number | null;
  visit: string;
  sampleType: string;
  status: string | null;
}

export async function aliquotRows(db: StudyDb, filter: AliquotFilter) {
  let query = db
    .selectFrom('aliquots')
    .leftJoin('participants', 'participants.id', 'aliquots.participant_id')
    .select(['aliquots.id', 'aliquots.site_id', 'aliquots.participant_id', 'aliquots.barcode', 'participants.study_id'])
    .where('aliquots.visit_code', '=', filter.visit)
    .where('aliquots.sample_type', '=', filter.sampleType);
  if (filter.siteId !== null) query = query.where('aliquots.site_id', '=', filter.siteId);
  if (filter.status !== null) query = query.where('aliquots.status', '=', filter.status);
  return toAliquotRows(await query.orderBy('aliquots.id').execute());
}

/** Freezers with their positions (boxes on their racks) and the aliquots placed in them. */
export async function freezerUse(db: StudyDb) {
  const [freezers, positions, used] = await Promise.all([
    db.selectFrom('freezers').select(['id', 'site_id', 'name', 'kind']).orderBy('site_id').orderBy('name').execute(),
    db
      .selectFrom('boxes')
      .innerJoin('racks', 'racks.id', 'boxes.rack_id')
      .select((eb) => ['racks.freezer_id', eb.fn.sum<number>(sql`boxes.rows * boxes.columns`).as('positions')])
      .groupBy('racks.freezer_id')
      .execute(),
    db
      .selectFrom('aliquots')
      .innerJoin('boxes', 'boxes.id', 'aliquots.box_id')
      .innerJoin('racks', 'racks.id', 'boxes.rack_id')
      .select((eb) => ['racks.freezer_id', eb.fn.countAll().as('n')])
      .groupBy('racks.freezer_id')
      .execute(),
  ]);
  const positionsOf = new Map(positions.map((p) => [Number(p.freezer_id), n(p.positions)]));
  const usedOf = new Map(used.map((u) => [Number(u.freezer_id), n(u.n)]));
  return freezers.map((f) => ({
    freezerId: Number(f.id),
    siteId: Number(f.site_id),
    name: f.name,
    kind: f.kind,
    positions: positionsOf.get(Number(f.id)) ?? 0,
    used: usedOf.get(Number(f.id)) ?? 0,
  }));
}

export async function aliquotsInFreezer(db: StudyDb, freezerId: number) {
  const rows = await db
    .selectFrom('aliquots')
    .innerJoin('boxes', 'boxes.id', 'aliquots.box_id')
    .innerJoin('racks', 'racks.id', 'boxes.rack_id')
    .leftJoin('participants', 'participants.id', 'aliquots.participant_id')
    .select(['aliquots.id', 'aliquots.site_id', 'aliquots.participant_id', 'aliquots.barcode', 'participants.study_id'])
    .where('racks.freezer_id', '=', freezerId)
    .orderBy('aliquots.id')
    .execute();
  return toAliquotRows(rows);
}

function toAliquotRows(
  rows: { site_id: number; participant_id: number | null; barcode: string; study_id: string | null }[],
) {
  return rows.map((r) => ({
    participantId: r.participant_id === null ? null : Number(r.participant_id),
    studyId: r.study_id,
    siteId: Number(r.site_id),
    screeningId: null,
    detail: r.barcode,
  }));
}
