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
  unknownSample: (p: { barcode: string }) => `unknown sample ${p.barcode}`,
  sampleTwice: (p: { barcode: string }) => `sample ${p.barcode} is in the run twice`,
  notHladrSample: (p: { barcode: string; problem: string }) => `${p.barcode}: ${p.problem}`,
  resultReplaced: () => 'this result was corrected already; correct its current version',
  nothingChanged: () => 'the correction is the same as the result',
});
