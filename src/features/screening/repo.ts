import type { Selectable } from 'kysely';
import type { ScreeningsTable } from '../../db/tables.ts';
import { notFound } from '../../core/messages.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { ScreeningOutcome, ScreeningView } from './contract.ts';

export const screeningColumns = [
  'screenings.id',
  'screenings.site_id',
  'screenings.data_key_id',
  'screenings.protocol_version',
  'screenings.screened_on',
  'screenings.icu_admission_at',
  'screenings.setting',
  'screenings.sex',
  'screenings.eligibility_input_json',
  'screenings.sofa2_source',
  'screenings.sofa2_json',
  'screenings.eligible',
  'screenings.inclusion_failed_json',
  'screenings.exclusions_met_json',
  'screenings.notes_json',
  'screenings.outcome',
  'screenings.outcome_reason',
  'screenings.hospital_number_hash',
  'screenings.previous_screening_id',
  'screenings.created_at',
  'screenings.created_by',
  'screenings.updated_at',
] as const;

export type ScreeningRow = Omit<Selectable<ScreeningsTable>, 'version'> & {
  participant_id: number | null;
  study_id: string | null;
};

/** Screenings with the participant each led to, if any. */
export function selectScreenings(db: StudyDb) {
  return db
    .selectFrom('screenings')
    .leftJoin('participants', 'participants.screening_id', 'screenings.id')
    .select([...screeningColumns, 'participants.id as participant_id', 'participants.study_id']);
}

/** A screening on the caller's sites; one elsewhere is "not found", like one that does not exist. */
export async function screeningOf(db: StudyDb, id: number): Promise<ScreeningRow> {
  const row = await selectScreenings(db).where('screenings.id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound('screening', id);
  return row;
}

export function toScreeningView(row: ScreeningRow): ScreeningView {
  const input = JSON.parse(row.eligibility_input_json) as Record<string, unknown>;
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    protocolVersion: row.protocol_version,
    screenedOn: row.screened_on,
    icuAdmissionAt: row.icu_admission_at,
    setting: row.setting,
    sex: row.sex,
    ageYears: number(input.ageYears),
    sofa2Total: number(input.sofa2Total),
    sofa2Source: row.sofa2_source === 'computed' ? 'computed' : 'entered',
    eligibilityInput: input,
    eligibility: {
      eligible: row.eligible === 1,
      inclusionFailed: JSON.parse(row.inclusion_failed_json) as string[],
      exclusionsMet: JSON.parse(row.exclusions_met_json) as string[],
      notes: JSON.parse(row.notes_json) as string[],
    },
    outcome: row.outcome as ScreeningOutcome,
    outcomeReason: row.outcome_reason,
    previousScreeningId: row.previous_screening_id === null ? null : Number(row.previous_screening_id),
    participant:
      row.participant_id === null || row.study_id === null
        ? null
        : { id: Number(row.participant_id), studyId: row.study_id },
    createdAt: row.created_at,
  };
}
