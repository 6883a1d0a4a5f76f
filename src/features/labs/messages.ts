import { defineMessages } from '../../core/messages.ts';

export const labMessages = defineMessages('labs', {
  fileProblems: (p: { count: number }) =>
    `${p.count} problem(s) in the file; nothing was stored (fix them, or accept importing the valid rows only)`,
  importedAlready: (p: { importId: number; at: string }) =>
    `this file was imported already (import ${p.importId}, ${p.at}); a corrected file has other content`,
  importedAtOnce: () =>
    'another import stored this file, or results of the same samples and analytes, at the same moment: look at the imports, then try again',
  unknownAssay: (p: { assay: string }) => `unknown assay ${p.assay}`,
  sameAsCurrent: (p: { code: string; version: number }) =>
    `${p.code} version ${p.version} holds exactly this already; a new version must change something`,
  calibrationRefused: (p: { problems: string }) => `calibration refused: ${p.problems}`,
  sampleTwice: (p: { barcode: string }) => `sample ${p.barcode} is in the run twice`,
  // The problems of single rows of a results file (line and column beside them).
  rowUnknownSample: (p: { barcode: string }) => `unknown sample ${p.barcode}`,
  rowDataDestroyed: (p: { barcode: string }) => `sample ${p.barcode}: the participant's data were destroyed`,
  rowUnknownAnalyte: (p: { name: string }) => `unknown analyte "${p.name}"`,
  rowMappedAnalyteMissing: (p: { code: string }) =>
    `the mapping names analyte "${p.code}", which is not in the assays used`,
  rowAmbiguousAnalyte: (p: { name: string; assays: string }) =>
    `analyte "${p.name}" is in more than one assay (${p.assays}): map it, or choose the assay`,
  rowWrongAliquot: (p: { barcode: string; is: string; assay: string; needed: string }) =>
    `sample ${p.barcode} is ${p.is}; assay ${p.assay} needs ${p.needed}`,
  rowWrongTube: (p: { barcode: string; assay: string; needed: string }) =>
    `sample ${p.barcode} is a tube that cannot give ${p.needed}; assay ${p.assay} needs ${p.needed}`,
  rowWrongUnit: (p: { unit: string; analyte: string; accepted: string }) =>
    `wrong unit "${p.unit}" for ${p.analyte}: use ${p.accepted}`,
  rowTwice: (p: { barcode: string; analyte: string; first: number }) =>
    `${p.barcode} ${p.analyte} is in the file twice (first on line ${p.first})`,
  rowStoredAlready: (p: { barcode: string; analyte: string }) =>
    `${p.barcode} ${p.analyte} is stored already with this value`,
  resultReplaced: () => 'this result was corrected already; correct its current version',
  nothingChanged: () => 'the correction is the same as the result',
});

/** The result-file readers' messages (src/features/labs/read/), under the slice's one messages file for the web app. */
export { labReadMessages } from './read/messages.ts';
