import { toCsv } from '../../core/csv.ts';
import type { ScreeningView } from './contract.ts';

/**
 * The screening log as CSV, one row per screening, for the study's flow report. No identifying data: the
 * hospital number is not stored, and its hash is not exported either.
 */
const columns: [string, (s: ScreeningView) => unknown][] = [
  ['screening_id', (s) => s.id],
  ['site_id', (s) => s.siteId],
  ['protocol_version', (s) => s.protocolVersion],
  ['screened_on', (s) => s.screenedOn],
  ['icu_admission_at', (s) => s.icuAdmissionAt],
  ['setting', (s) => s.setting],
  ['sex', (s) => s.sex],
  ['age_years', (s) => s.ageYears],
  ['admission_type', (s) => s.eligibilityInput.admissionType],
  ['infection', (s) => s.eligibilityInput.infection],
  ['sofa2_total', (s) => s.sofa2Total],
  ['sofa2_source', (s) => s.sofa2Source],
  ['baseline_sofa2', (s) => s.eligibilityInput.baselineSofa2],
  ['eligible', (s) => (s.eligibility.eligible ? 'yes' : 'no')],
  ['inclusion_failed', (s) => s.eligibility.inclusionFailed.join(';')],
  ['exclusions_met', (s) => s.eligibility.exclusionsMet.join(';')],
  ['outcome', (s) => s.outcome],
  ['outcome_reason', (s) => s.outcomeReason],
  ['rescreen_of', (s) => s.previousScreeningId],
  ['study_id', (s) => s.participant?.studyId],
];

export function screeningLogCsv(screenings: readonly ScreeningView[]): string {
  return toCsv(
    columns.map(([name]) => name),
    screenings.map((s) => columns.map(([, value]) => value(s))),
  );
}
