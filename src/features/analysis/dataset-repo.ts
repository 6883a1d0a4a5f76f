import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { AnalysisDefinition } from '../../protocol/analysis.ts';
import { isItemNumber, type StudyRows } from '../../immunotype/dataset.ts';

/**
 * The rows an analysis reads (src/immunotype/dataset.ts assembles them), at the caller's sites: participants,
 * current results of the analytes it uses, the form items its definition names, deaths and visits done.
 * Identity data are never read. With `participantIds`, only those participants' rows (every query is limited to
 * them); without, every participant's.
 */
export async function readStudyRows(
  db: StudyDb,
  plain: Kysely<Tables>,
  definition: AnalysisDefinition,
  analytes: readonly string[],
  participantIds?: readonly number[],
): Promise<StudyRows> {
  if (participantIds?.length === 0) return { participants: [], results: [], items: [], deaths: [], visits: [] };
  const ids = participantIds === undefined ? undefined : [...participantIds];
  const refs = [
    definition.covariates.age,
    definition.covariates.sex,
    definition.covariates.sofa2,
    ...definition.covariates.infectionSite,
    definition.eq5dIndex,
    ...definition.deathDates,
    ...definition.contactDates,
    ...definition.competingEvents.map((event) => event.date),
  ];
  const forms = [...new Set(refs.map((ref) => ref.form))];
  const items = [...new Set(refs.map((ref) => ref.item))];
  const [sites, participants, results, itemRows, deaths, visits] = await Promise.all([
    plain.selectFrom('sites').select(['id', 'code']).execute(),
    db
      .selectFrom('participants')
      .select(['id', 'site_id', 'study_id', 'icu_admission_at', 'follow_up_stopped_on'])
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids!))
      .orderBy('id')
      .execute(),
    analytes.length === 0
      ? []
      : db
          .selectFrom('lab_results')
          .select(['id', 'participant_id', 'visit_code', 'analyte', 'value', 'qualifier'])
          .where('current', '=', 1)
          .where('analyte', 'in', [...analytes])
          .$if(ids !== undefined, (q) => q.where('participant_id', 'in', ids!))
          .orderBy('id')
          .execute(),
    db
      .selectFrom('item_data')
      .innerJoin('form_records', 'form_records.id', 'item_data.record_id')
      .select([
        'item_data.participant_id',
        'form_records.form_id',
        'form_records.slot',
        'item_data.item_id',
        'item_data.row_index',
        'item_data.value_text',
      ])
      .where('form_records.form_id', 'in', forms.length === 0 ? [''] : forms)
      .where('item_data.item_id', 'in', items.length === 0 ? [''] : items)
      // Through form_records too: its unique index leads with participant_id (item_data has none by participant).
      .$if(ids !== undefined, (q) =>
        q.where('form_records.participant_id', 'in', ids!).where('item_data.participant_id', 'in', ids!),
      )
      .orderBy('item_data.id')
      .execute(),
    db
      .selectFrom('clinical_events')
      .select(['participant_id', 'occurred_on'])
      .where('kind', '=', 'death')
      .$if(ids !== undefined, (q) => q.where('participant_id', 'in', ids!))
      .execute(),
    db
      .selectFrom('visit_records')
      .select(['participant_id', 'visit_code', 'occurred_at'])
      .where('outcome', '=', 'done')
      .$if(ids !== undefined, (q) => q.where('participant_id', 'in', ids!))
      .execute(),
  ]);
  const siteCode = new Map(sites.map((s) => [s.id, s.code]));
  return {
    participants: participants.map((p) => ({
      id: p.id,
      studyId: p.study_id,
      siteCode: siteCode.get(p.site_id) ?? String(p.site_id),
      icuAdmissionAt: p.icu_admission_at,
      followUpStoppedOn: p.follow_up_stopped_on,
    })),
    results: results.map((r) => ({
      id: Number(r.id),
      participantId: r.participant_id,
      visit: r.visit_code,
      analyte: r.analyte,
      value: r.value === null ? null : Number(r.value),
      qualifier: r.qualifier,
    })),
    items: itemRows.map((r) => ({
      participantId: r.participant_id,
      form: r.form_id,
      slot: r.slot,
      item: r.item_id,
      row: r.row_index,
      value: r.value_text,
    })),
    deaths: deaths.map((d) => ({ participantId: d.participant_id, on: d.occurred_on })),
    visits: visits
      .filter((v): v is typeof v & { occurred_at: string } => v.occurred_at !== null)
      .map((v) => ({ participantId: v.participant_id, visit: v.visit_code, occurredAt: v.occurred_at })),
  };
}

/** The participants at the caller's sites, id and study id (nothing else: cheap for the whole study). */
export async function studyParticipantIds(db: StudyDb): Promise<{ id: number; studyId: string }[]> {
  const rows = await db.selectFrom('participants').select(['id', 'study_id']).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), studyId: r.study_id }));
}

/**
 * The slots at which some participant at the caller's sites has a value of the definition's EQ-5D-5L index item
 * (a number, as assembleDatasets reads it), each once, unordered. Distinct slot and value pairs are read: few
 * (an index has a few thousand values at most), and whether a text is a number is decided as the datasets do.
 */
export async function eq5dSlots(db: StudyDb, definition: AnalysisDefinition): Promise<string[]> {
  const ref = definition.eq5dIndex;
  const rows = await db
    .selectFrom('item_data')
    .innerJoin('form_records', 'form_records.id', 'item_data.record_id')
    .select(['form_records.slot', 'item_data.value_text'])
    .distinct()
    .where('form_records.form_id', '=', ref.form)
    .where('item_data.item_id', '=', ref.item)
    .$if(ref.slot !== undefined, (q) => q.where('form_records.slot', '=', ref.slot!))
    .where('item_data.value_text', 'is not', null)
    .execute();
  return [...new Set(rows.filter((r) => isItemNumber(r.value_text)).map((r) => r.slot))];
}
