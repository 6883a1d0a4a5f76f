import { analyte, type AssayDefinition } from '../assays.ts';

/**
 * The study's laboratory panel (shared/docs/immunotypes.md, study-protocol.md "Laboratory data"), version 1 of
 * each assay. Limits are typical kit values and our assumption until the central lab enters its lots' inserts as
 * new versions. LOINC codes from reference-data.md; the less certain ones are left out.
 */
const perMl = { ngPerL: { unit: 'ng/L', factor: 1 }, ugPerL: { unit: 'ug/L', factor: 1 } };
const cellsPerLitre = [{ unit: '10*3/uL', factor: 1 }];

export const assayCatalogue: readonly AssayDefinition[] = [
  {
    code: 'cytokines-luminex',
    name: 'Cytokine panel (Luminex)',
    platform: 'luminex',
    sampleType: 'plasma',
    analytes: [
      analyte('il6', 'IL-6', 'pg/mL', {
        lod: 1.5,
        uloq: 10000,
        loinc: '26881-3',
        aliases: ['IL6', 'IL 6', 'Interleukin-6', 'Interleukine-6'],
        conversions: [perMl.ngPerL],
      }),
      analyte('il8', 'IL-8', 'pg/mL', {
        lod: 1.5,
        uloq: 10000,
        aliases: ['IL8', 'CXCL8'],
        conversions: [perMl.ngPerL],
      }),
      analyte('il10', 'IL-10', 'pg/mL', { lod: 1.6, uloq: 10000, aliases: ['IL10'], conversions: [perMl.ngPerL] }),
      analyte('il1b', 'IL-1β', 'pg/mL', {
        lod: 0.8,
        uloq: 5000,
        aliases: ['IL1B', 'IL-1b', 'IL-1beta', 'IL1beta'],
        conversions: [perMl.ngPerL],
      }),
      analyte('il1ra', 'IL-1Ra', 'pg/mL', {
        lod: 10,
        uloq: 100000,
        aliases: ['IL1RA', 'IL-1RA', 'IL1RN'],
        conversions: [perMl.ngPerL, { unit: 'ng/mL', factor: 1000 }],
      }),
      analyte('tnf', 'TNF', 'pg/mL', {
        lod: 1.2,
        uloq: 10000,
        aliases: ['TNF-alpha', 'TNFa', 'TNF-α'],
        conversions: [perMl.ngPerL],
      }),
      analyte('ifng', 'IFN-γ', 'pg/mL', {
        lod: 1.0,
        uloq: 10000,
        aliases: ['IFNG', 'IFN-gamma', 'IFNgamma'],
        conversions: [perMl.ngPerL],
      }),
    ],
  },
  {
    code: 'soluble-markers-elisa',
    name: 'Soluble markers (ELISA)',
    platform: 'elisa',
    sampleType: 'serum',
    analytes: [
      analyte('ferritin', 'Ferritin', 'ng/mL', { lod: 1, uloq: 100000, loinc: '2276-4', conversions: [perMl.ugPerL] }),
      analyte('crp', 'C-reactive protein', 'mg/L', {
        lod: 0.3,
        uloq: 1000,
        loinc: '1988-5',
        aliases: ['CRP'],
        conversions: [{ unit: 'mg/dL', factor: 10 }],
      }),
      analyte('pct', 'Procalcitonin', 'ng/mL', {
        lod: 0.02,
        uloq: 1000,
        loinc: '33959-8',
        aliases: ['PCT'],
        conversions: [perMl.ugPerL],
      }),
      analyte('scd163', 'sCD163', 'mg/L', {
        lod: 0.01,
        uloq: 100,
        aliases: ['CD163', 'soluble CD163'],
        conversions: [
          { unit: 'ng/mL', factor: 0.001 },
          { unit: 'ug/mL', factor: 1 },
        ],
      }),
      analyte('spdl1', 'sPD-L1', 'pg/mL', {
        lod: 5,
        uloq: 50000,
        aliases: ['PD-L1', 'PDL1', 'CD274', 'soluble PD-L1'],
        conversions: [perMl.ngPerL, { unit: 'ng/mL', factor: 1000 }],
      }),
    ],
  },
  {
    code: 'mhladr-flow',
    name: 'Monocyte HLA-DR (Quantibrite PE, flow cytometry)',
    platform: 'flow_cytometry',
    sampleType: 'whole_blood',
    analytes: [
      analyte('mhladr', 'Monocyte HLA-DR', 'AB/C', { aliases: ['HLA-DR', 'mHLA-DR', 'HLADR', 'CD14 HLA-DR'] }),
      analyte('hladr_pos_mono', 'HLA-DR+ monocytes', '%', { aliases: ['%HLA-DR+'] }),
    ],
  },
  {
    code: 'leukocyte-differential',
    name: 'Leukocyte differential (flow cytometry)',
    platform: 'flow_cytometry',
    sampleType: 'whole_blood',
    analytes: [
      analyte('leukocytes', 'Leukocytes', '10*9/L', {
        loinc: '6690-2',
        aliases: ['WBC', 'Leukocyten'],
        conversions: cellsPerLitre,
      }),
      analyte('neutrophils', 'Neutrophils', '10*9/L', {
        loinc: '751-8',
        aliases: ['Neutrofielen'],
        conversions: cellsPerLitre,
      }),
      analyte('lymphocytes', 'Lymphocytes', '10*9/L', {
        loinc: '731-0',
        aliases: ['Lymfocyten'],
        conversions: cellsPerLitre,
      }),
      analyte('monocytes', 'Monocytes', '10*9/L', {
        loinc: '742-7',
        aliases: ['Monocyten'],
        conversions: cellsPerLitre,
      }),
    ],
  },
  {
    code: 'lps-stimulation',
    name: 'Ex vivo whole-blood LPS stimulation',
    platform: 'ex_vivo_stimulation',
    sampleType: 'whole_blood',
    analytes: [
      analyte('lps_tnf', 'LPS-stimulated TNF', 'pg/mL', { lod: 10, uloq: 50000, aliases: ['LPS TNF', 'TNF LPS'] }),
      analyte('lps_il6', 'LPS-stimulated IL-6', 'pg/mL', { lod: 10, uloq: 100000, aliases: ['LPS IL-6', 'IL-6 LPS'] }),
      analyte('lps_il10', 'LPS-stimulated IL-10', 'pg/mL', {
        lod: 5,
        uloq: 20000,
        aliases: ['LPS IL-10', 'IL-10 LPS'],
      }),
    ],
  },
  {
    code: 'olink-inflammation',
    name: 'Olink Target 96 Inflammation (selected assays; new versions add the rest of a delivered panel)',
    platform: 'olink',
    sampleType: 'plasma',
    analytes: [
      'IL6',
      'CXCL8',
      'IL10',
      'TNF',
      'IFNG',
      'IL18',
      'CCL2',
      'CXCL10',
      'CD274',
      'HGF',
      'OSM',
      'CSF1',
      'VEGFA',
      'IL1RN',
    ].map((gene) => analyte(`olink_${gene.toLowerCase()}`, `${gene} (Olink)`, 'NPX', { aliases: [gene] })),
  },
];
