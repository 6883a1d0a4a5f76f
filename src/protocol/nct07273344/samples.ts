import type { SamplePlan } from '../samples.ts';

/**
 * The sample plan of the sepsis immunotype cohort. The registry record gives the limit (40 mL per timepoint)
 * and the kinds of tubes (study-protocol.md "Blood sampling"), not their volumes or counts: the tubes below
 * are our assumption, to be confirmed by the central lab, and sum to 37 mL per visit.
 */
export const samplePlan: SamplePlan = {
  maxBloodMlPerVisit: 40,
  tubes: [
    {
      code: 'EDTA',
      name: 'EDTA 10 mL',
      volumeMl: 10,
      purpose: 'Flow cytometry (monocyte HLA-DR), cell counts, DNA',
      makes: ['whole_blood', 'plasma', 'pbmc', 'dna'],
    },
    {
      code: 'SERUM',
      name: 'Serum 8.5 mL',
      volumeMl: 8.5,
      purpose: 'Cytokines, ferritin, proteomics',
      makes: ['serum'],
    },
    {
      code: 'LIHEP',
      name: 'Lithium heparin 6 mL',
      volumeMl: 6,
      purpose: 'Ex vivo stimulation, plasma',
      makes: ['whole_blood', 'plasma'],
    },
    { code: 'PAXGENE', name: 'PAXgene RNA 2.5 mL', volumeMl: 2.5, purpose: 'RNA (transcriptomics)', makes: ['rna'] },
  ],
  // Delay limits: fresh whole blood for HLA-DR staining and ex vivo stimulation within 4 h (monocyte HLA-DR
  // falls on standing); plasma, serum and PBMC within 4 h of the draw, the usual limit for cytokines; PAXgene
  // and DNA are stable for days at room temperature.
  sampleTypes: [
    { code: 'whole_blood', name: 'Whole blood', maxDelayMinutes: 240, defaultVolumeUl: 500 },
    { code: 'plasma', name: 'Plasma', maxDelayMinutes: 240, defaultVolumeUl: 500 },
    { code: 'serum', name: 'Serum', maxDelayMinutes: 240, defaultVolumeUl: 500 },
    { code: 'pbmc', name: 'PBMC', maxDelayMinutes: 240, defaultVolumeUl: 1000 },
    { code: 'rna', name: 'RNA (PAXgene)', maxDelayMinutes: null, defaultVolumeUl: 2500 },
    { code: 'dna', name: 'DNA', maxDelayMinutes: null, defaultVolumeUl: 500 },
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
