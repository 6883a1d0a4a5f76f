import { defineMessages } from '../../../core/messages.ts';

/**
 * What the result-file readers say: file-level refusals (thrown as InputError) and the problems of single rows
 * (returned with the rows, so that one bad line does not stop a file of a million).
 */
export const labReadMessages = defineMessages('labRead', {
  emptyFile: () => 'the file is empty',
  notCsv: (p: { reason: string }) => `the file is not readable as CSV: ${p.reason}`,
  notUtf8: () => 'the file starts as UTF-8 but has bytes further on that are not UTF-8: save it again as UTF-8',
  separator: (p: { separator: string }) =>
    `the separator must be one character other than a quote or a line break ("${p.separator}" is not)`,
  missingColumn: (p: { role: string; names: string }) => `no ${p.role} column: expected one of ${p.names}`,
  mappedColumnMissing: (p: { role: string; header: string }) => `no column "${p.header}" for the ${p.role}`,
  duplicateColumn: (p: { header: string; first: number; second: number }) =>
    `column "${p.header}" appears twice (columns ${p.first} and ${p.second})`,
  noUnitColumn: (p: { names: string }) => `no unit column (one of ${p.names}), and the mapping gives no units`,
  columnWithoutUnit: (p: { headers: string }) =>
    `no unit for ${p.headers}: write it in the header ("IL-6 (pg/mL)"), give it in the mapping, or ignore the column`,
  noAnalyteColumns: () => 'no analyte columns besides the sample and plate',

  unreadableLine: (p: { reason: string }) => `the line is not readable as CSV: ${p.reason}`,
  fieldCount: (p: { expected: number; found: number }) => `expected ${p.expected} fields, found ${p.found}`,
  noSample: () => 'no sample',
  noAnalyte: () => 'no analyte',
  noValue: () => 'no value',
  noUnit: (p: { analyte: string }) => `no unit for ${p.analyte}`,
  notANumber: (p: { text: string }) => `"${p.text}" is not a number`,
  ambiguousNumber: (p: { text: string }) => `ambiguous number "${p.text}": thousands separators are not accepted`,
  notAQualifier: (p: { text: string }) => `"${p.text}" is not a qualifier: <LOD, <LLOQ, >ULOQ or empty`,
  qualifierConflict: (p: { column: string; value: string }) =>
    `the qualifier column says ${p.column} but the value says ${p.value}`,
  notAQcFlag: (p: { text: string }) => `"${p.text}" is not a QC flag: Pass, Warning or Fail`,
  unknownSampleType: (p: { text: string }) =>
    `unknown sample type "${p.text}": SAMPLE, SAMPLE_CONTROL, NEGATIVE_CONTROL or PLATE_CONTROL`,
});
