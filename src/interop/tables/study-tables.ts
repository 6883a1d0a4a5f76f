import type { StudyProtocol } from '../../protocol/study.ts';
import {
  checked,
  siteColumn,
  studyIdColumn,
  type Column,
  type ColumnType,
  type TableSpec,
  type ValueLabel,
} from './spec.ts';

/**
 * The study tables of an export beside the forms: participants, visits, samples (tubes), aliquots and laboratory
 * results (long: one row per result). Their rows are records keyed by column name (the feature reads them).
 */

const col = (
  name: string,
  label: string,
  type: ColumnType,
  extra: { unit?: string; codes?: readonly ValueLabel[]; missing?: string; derivation?: string } = {},
): Column => ({
  name,
  label,
  type,
  unit: extra.unit ?? '',
  codes: extra.codes ?? [],
  missing: extra.missing ?? '',
  derivation: extra.derivation ?? '',
  item: '',
});

const codes = (...pairs: [string, string][]): ValueLabel[] => pairs.map(([code, label]) => ({ code, label }));
const yesNo: ValueLabel[] = [
  { code: 1, label: 'Yes' },
  { code: 0, label: 'No' },
];

/** An analyte of the assay catalogue, as the codebook names it. */
export interface AnalyteLabel {
  code: string;
  name: string;
  unit: string;
}

export function studyTables(protocol: StudyProtocol, analytes: readonly AnalyteLabel[]): TableSpec[] {
  const visitCodes = protocol.visits.visits.map((v): ValueLabel => ({ code: v.code, label: v.name }));
  const visit = col('visit', 'Visit', 'code', { codes: visitCodes, missing: 'never' });
  return [
    checked({
      name: 'participants',
      label: 'Participants (one row each)',
      kind: 'study',
      keys: ['study_id'],
      columns: [
        studyIdColumn,
        siteColumn,
        col('protocol_version', 'Protocol version at enrolment', 'text', { missing: 'never' }),
        col('icu_admission_at', 'ICU admission (UTC)', 'datetime', { missing: 'never' }),
        col('enrolled_at', 'Enrolled (UTC)', 'datetime', { missing: 'never' }),
        col('consent_route', 'Consent route', 'code', {
          codes: codes(['prior', 'Consent before enrolment'], ['deferred', 'Deferred consent']),
          missing: 'never',
        }),
        col('follow_up_stopped_on', 'Follow-up stopped on', 'date', { missing: 'empty: follow-up not stopped' }),
        col('follow_up_stop_reason', 'Why follow-up stopped', 'code', {
          codes: codes(['withdrawal', 'Withdrawal'], ['lost_to_follow_up', 'Lost to follow-up']),
          missing: 'empty: follow-up not stopped',
        }),
      ],
    }),
    checked({
      name: 'visits',
      label: 'Visits (one row per recorded visit)',
      kind: 'study',
      keys: ['study_id', 'visit'],
      columns: [
        studyIdColumn,
        siteColumn,
        visit,
        col('outcome', 'Outcome', 'code', { codes: codes(['done', 'Done'], ['missed', 'Missed']), missing: 'never' }),
        col('occurred_at', 'When the visit took place (UTC)', 'datetime', { missing: 'empty: missed' }),
        col('in_window', 'Within the visit window', '0/1', { codes: yesNo, missing: 'empty: missed' }),
        col('blood_drawn', 'Blood drawn', '0/1', { codes: yesNo, missing: 'empty: missed' }),
        col('blood_volume_ml', 'Blood volume drawn', 'number', { unit: 'mL', missing: 'empty: no blood drawn' }),
        col('no_blood_reason', 'Why no blood was drawn', 'text', { missing: 'empty: blood drawn or missed' }),
        col('missed_reason', 'Why the visit was missed', 'text', { missing: 'empty: done' }),
      ],
    }),
    checked({
      name: 'samples',
      label: 'Samples: tubes drawn (one row per tube)',
      kind: 'study',
      keys: ['barcode'],
      columns: [
        studyIdColumn,
        siteColumn,
        visit,
        col('barcode', 'Tube barcode', 'text', { missing: 'never' }),
        col('tube_type', 'Tube type', 'code', {
          codes: protocol.samplePlan.tubes.map((t): ValueLabel => ({ code: t.code, label: t.name })),
          missing: 'never',
        }),
        col('drawn_at', 'Drawn (UTC)', 'datetime', { missing: 'empty: not recorded' }),
        col('received_at', 'Received by the lab (UTC)', 'datetime', { missing: 'empty: not recorded' }),
        col('processed_at', 'Processed (UTC)', 'datetime', { missing: 'empty: not processed yet' }),
        col('delay_minutes', 'Draw to processing', 'number', { unit: 'min', missing: 'empty: a time unknown' }),
        col('delay_exceeded', 'Processing delay exceeded the plan', '0/1', { codes: yesNo, missing: 'never' }),
        col('status', 'Status', 'code', {
          codes: codes(
            ['received', 'Received'],
            ['processed', 'Processed'],
            ['used', 'Used'],
            ['destroyed', 'Destroyed'],
          ),
          missing: 'never',
        }),
      ],
    }),
    checked({
      name: 'aliquots',
      label: 'Aliquots (one row per aliquot)',
      kind: 'study',
      keys: ['barcode'],
      columns: [
        studyIdColumn,
        siteColumn,
        visit,
        col('barcode', 'Aliquot barcode', 'text', { missing: 'never' }),
        col('tube_barcode', 'Barcode of the tube it came from', 'text', { missing: 'never' }),
        col('sample_type', 'Sample type', 'code', {
          codes: protocol.samplePlan.sampleTypes.map((t): ValueLabel => ({ code: t.code, label: t.name })),
          missing: 'never',
        }),
        col('volume_ul', 'Volume', 'number', { unit: 'uL', missing: 'empty: not recorded' }),
        col('status', 'Status', 'code', {
          codes: codes(
            ['unplaced', 'Not yet placed'],
            ['stored', 'Stored'],
            ['in_transit', 'In transit'],
            ['used', 'Used'],
            ['destroyed', 'Destroyed'],
          ),
          missing: 'never',
        }),
        col('freeze_thaw_count', 'Freeze–thaw cycles', 'integer', { missing: 'never' }),
      ],
    }),
    checked({
      name: 'lab_results',
      label: 'Laboratory results (long: one row per current result)',
      kind: 'study',
      keys: ['study_id', 'visit', 'sample_barcode', 'assay', 'analyte'],
      columns: [
        studyIdColumn,
        siteColumn,
        visit,
        col('sample_barcode', 'Barcode of the measured sample', 'text', { missing: 'never' }),
        col('assay', 'Assay (code and version)', 'text', { missing: 'never' }),
        col('analyte', 'Analyte', 'code', {
          codes: analytes.map((a): ValueLabel => ({ code: a.code, label: `${a.name} (${a.unit})` })),
          missing: 'never',
          derivation: 'the assay catalogue’s analyte code',
        }),
        col('value', 'Value in the canonical unit', 'number', {
          missing: 'empty: no numeric value (see qualifier)',
          derivation: 'converted from the laboratory’s unit at import; below a limit: the limit itself',
        }),
        col('unit', 'Canonical unit', 'text', { missing: 'never' }),
        col('qualifier', 'Qualifier', 'code', {
          codes: codes(
            ['<LOD', 'Below the limit of detection'],
            ['<LLOQ', 'Below the lower limit of quantification'],
            ['>ULOQ', 'Above the upper limit of quantification'],
          ),
          missing: 'empty: a measured value',
        }),
        col('lod', 'Limit of detection', 'number', { missing: 'empty: none given' }),
        col('entered_value', 'Value as the laboratory reported it', 'text', { missing: 'empty: same as value' }),
        col('entered_unit', 'Unit as the laboratory reported it', 'text', { missing: 'empty: same as unit' }),
        col('plate', 'Plate or run', 'text', { missing: 'empty: not given' }),
        col('qc', 'Quality-control flag', 'text', { missing: 'empty: none' }),
        col('result_version', 'Version of the result (corrections add one)', 'integer', { missing: 'never' }),
        col('created_at', 'Stored (UTC)', 'datetime', { missing: 'never' }),
      ],
    }),
  ];
}
