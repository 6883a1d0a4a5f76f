import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { AnalysisDefinition } from '../../protocol/analysis.ts';
import type { StudyRows } from '../../immunotype/dataset.ts';

/**
 * The rows an analysis reads (src/immunotype/dataset.ts assembles them), at the caller's sites: participants,
 * current results of the analytes it uses, the form items its definition names, deaths and visits done.
 * Identity data are never read.
 */
export async function readStudyRows(
  db: StudyDb,
  plain: Kysely<Tables>,
  definition: AnalysisDefinition,
  analytes: readonly string[],
): Promise<StudyRows> {
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
      .orderBy('id')
      .execute(),
    analytes.length === 0
      ? []
      : db
          .selectFrom('lab_results')
          .select(['id', 'participant_id', 'visit_code', 'analyte', 'value', 'qualifier'])
          .where('current', '=', 1)
          .where('analyte', 'in', [...analytes])
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
      .orderBy('item_data.id')
      .execute(),
    db.selectFrom('clinical_events').select(['participant_id', 'occurred_on']).where('kind', '=', 'death').execute(),
    db
      .selectFrom('visit_records')
      .select(['participant_id', 'visit_code', 'occurred_at'])
      .where('outcome', '=', 'done')
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
