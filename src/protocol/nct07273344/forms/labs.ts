import type { FormDefinition, ItemDefinition, Range, UnitConversion } from '../../forms.ts';

/**
 * Routine laboratory values per visit (D0, D3, DIS): the hospital's own results closest to the visit, in the UCUM
 * units of reference-data.md, with the other units Dutch laboratories report converted (creatinine and bilirubin
 * in mg/dL, CRP in mg/dL, lactate in mg/dL, cell counts per litre). A hard range refuses what must be a unit
 * mix-up (a creatinine of 1.2 entered as µmol/L); a soft range asks to confirm what is possible but rare.
 * Each is required as a value or as "not done", so that a blank is never mistaken for either.
 */

const lab = (
  id: string,
  label: string,
  unit: string,
  hardRange: Range,
  softRange: Range,
  options: { conversions?: UnitConversion[]; precision?: number; required?: boolean } = {},
): ItemDefinition => ({
  id,
  label,
  type: 'decimal',
  unit,
  hardRange,
  softRange,
  required: options.required ?? true,
  allowedMissing: ['not_done'],
  ...(options.conversions === undefined ? {} : { conversions: options.conversions }),
  ...(options.precision === undefined ? {} : { precision: options.precision }),
});

const perLitre = [{ unit: '10*9/L', factor: 1 }];

export const labsForm: FormDefinition = {
  id: 'labs',
  version: '1',
  label: 'Routine laboratory values',
  groups: [
    {
      id: 'draw',
      label: 'Blood draw',
      items: [{ id: 'labs_drawn_at', label: 'Blood drawn', type: 'datetime', required: true }],
    },
    {
      id: 'blood_count',
      label: 'Blood count',
      items: [
        lab(
          'leukocytes',
          'Leukocytes',
          '10*3/uL',
          { min: 0, max: 500 },
          { min: 0.5, max: 60 },
          {
            conversions: perLitre,
            precision: 2,
          },
        ),
        lab(
          'neutrophils',
          'Neutrophils',
          '10*3/uL',
          { min: 0, max: 500 },
          { min: 0.1, max: 50 },
          {
            conversions: perLitre,
            precision: 2,
          },
        ),
        lab(
          'lymphocytes',
          'Lymphocytes',
          '10*3/uL',
          { min: 0, max: 500 },
          { min: 0.05, max: 20 },
          {
            conversions: perLitre,
            precision: 2,
          },
        ),
        lab(
          'monocytes',
          'Monocytes',
          '10*3/uL',
          { min: 0, max: 100 },
          { min: 0.01, max: 10 },
          {
            conversions: perLitre,
            precision: 2,
          },
        ),
        lab(
          'lab_platelets',
          'Platelets',
          '10*3/uL',
          { min: 0, max: 5000 },
          { min: 1, max: 1000 },
          {
            conversions: perLitre,
            precision: 0,
          },
        ),
      ],
    },
    {
      id: 'inflammation',
      label: 'Inflammation',
      items: [
        lab(
          'crp',
          'C-reactive protein',
          'mg/L',
          { min: 0, max: 1000 },
          { max: 500 },
          {
            conversions: [{ unit: 'mg/dL', factor: 10 }],
            precision: 0,
          },
        ),
        lab(
          'procalcitonin',
          'Procalcitonin',
          'ng/mL',
          { min: 0, max: 1000 },
          { max: 200 },
          {
            conversions: [{ unit: 'ug/L', factor: 1 }],
            precision: 2,
          },
        ),
        lab(
          'ferritin',
          'Ferritin',
          'ng/mL',
          { min: 0, max: 200000 },
          { min: 5, max: 50000 },
          {
            conversions: [{ unit: 'ug/L', factor: 1 }],
            precision: 0,
          },
        ),
        lab(
          'il6',
          'Interleukin-6, when measured in routine care',
          'pg/mL',
          { min: 0, max: 1000000 },
          { max: 50000 },
          {
            conversions: [{ unit: 'ng/L', factor: 1 }],
            required: false,
          },
        ),
      ],
    },
    {
      id: 'chemistry',
      label: 'Chemistry and blood gas',
      items: [
        lab(
          'lab_creatinine',
          'Creatinine',
          'umol/L',
          { min: 10, max: 3536 },
          { min: 20, max: 1500 },
          {
            conversions: [{ unit: 'mg/dL', factor: 88.4 }],
            precision: 0,
          },
        ),
        lab(
          'lab_bilirubin',
          'Total bilirubin',
          'umol/L',
          { min: 1, max: 1710 },
          { min: 2, max: 600 },
          {
            conversions: [{ unit: 'mg/dL', factor: 17.1 }],
            precision: 0,
          },
        ),
        lab(
          'lactate',
          'Lactate',
          'mmol/L',
          { min: 0.1, max: 40 },
          { max: 15 },
          {
            conversions: [{ unit: 'mg/dL', factor: 0.111 }],
            precision: 1,
          },
        ),
        lab('lab_potassium', 'Potassium', 'mmol/L', { min: 1, max: 15 }, { min: 2.5, max: 7.5 }, { precision: 1 }),
        lab('lab_ph', 'Arterial pH', '[pH]', { min: 6.5, max: 8 }, { min: 6.8, max: 7.7 }, { precision: 2 }),
        lab(
          'lab_bicarbonate',
          'Arterial bicarbonate',
          'mmol/L',
          { min: 0, max: 80 },
          { min: 5, max: 45 },
          {
            precision: 1,
          },
        ),
      ],
    },
  ],
  checks: [
    {
      id: 'differential_within_leukocytes',
      severity: 'soft',
      expression: 'neutrophils + lymphocytes + monocytes <= leukocytes * 1.05',
      message: 'Neutrophils, lymphocytes and monocytes add up to more than the leukocytes',
      items: ['neutrophils', 'lymphocytes', 'monocytes', 'leukocytes'],
    },
  ],
};
