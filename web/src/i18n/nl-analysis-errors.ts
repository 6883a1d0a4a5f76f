import type { Translations } from '../../../src/core/messages.ts';
import type { analysisMessages } from '../../../src/features/analysis/messages.ts';

/** The analysis slice's messages in Dutch (merged into the server messages in nl-errors.ts). */
export const nlAnalysis: Translations<typeof analysisMessages> = {
  noRun: (p) => `geen analyse ${p.run}`,
  notFinished: (p) => `analyse ${p.run} is ${p.status}, niet klaar`,
  notRunning: (p) => `analyse ${p.run} loopt niet meer`,
  noClassifier: (p) => `analyse ${p.run} maakte geen classificatieregel (de specificatie vroeg er niet om)`,
  noChromium: (p) =>
    `voor de PDF is Chromium nodig, dat niet op ${p.path} staat: installeer Debians chromium, of zet SEPTYPE_CHROMIUM op het pad`,
};
