import type { SamplePlan } from '../samples.ts';

/**
 * The sample plan of the sepsis immunotype cohort. The registry record gives the limit (40 mL per timepoint)
 * and the kinds of tubes (study-protocol.md "Blood sampling"), not their volumes or counts: the tubes below
 * are our assumption, to be confirmed by the central lab, and sum to 37 mL per visit.
 */
export const samplePlan: SamplePlan = {
  maxBloodMlPerVisit: 40,
  tubes: [
    { code: 'EDTA', name: 'EDTA 10 mL', volumeMl: 10, purpose: 'Flow cytometry (monocyte HLA-DR), cell counts, DNA' },
    { code: 'SERUM', name: 'Serum 8.5 mL', volumeMl: 8.5, purpose: 'Cytokines, ferritin, proteomics' },
    { code: 'LIHEP', name: 'Lithium heparin 6 mL', volumeMl: 6, purpose: 'Ex vivo stimulation, plasma' },
    { code: 'PAXGENE', name: 'PAXgene RNA 2.5 mL', volumeMl: 2.5, purpose: 'RNA (transcriptomics)' },
  ],
  perVisit: Object.fromEntries(
    ['D0', 'D3', 'DIS', 'M3', 'M12'].map((visit) => [
      visit,
      [
        { tube: 'EDTA', count: 2 },
        { tube: 'SERUM', count: 1 },
        { tube: 'LIHEP', count: 1 },
        { tube: 'PAXGENE', count: 1 },
      ],
    ]),
  ),
};
