import type { CodeList, FormDefinition, ItemDefinition } from '../../forms.ts';
import { codeList, yesNo } from './common.ts';

/**
 * SOFA-2 per ICU day (sofa2.md): the worst raw values of the 24 hours, scored by the `sofa2` calculator
 * (src/clinical/sofa/sofa2.ts), which gives the six components and the total. Units are those Dutch ICUs chart
 * (PaO2 in mmHg or kPa, bilirubin and creatinine in µmol/L or mg/dL, FiO2 as a fraction or per cent); the item
 * stores one unit and converts the others. Hard ranges are the clinical engine's own limits (it refuses a value
 * outside them), soft ranges what is rare enough in an ICU to confirm.
 */

const number = (
  id: string,
  label: string,
  unit: string,
  hard: { min: number; max: number },
  soft: { min?: number; max?: number },
  extra: Partial<ItemDefinition> = {},
): ItemDefinition => ({
  id,
  label,
  type: 'decimal',
  unit,
  hardRange: hard,
  softRange: soft,
  required: true,
  allowedMissing: ['not_done'],
  ...extra,
});

const dose = (id: string, drug: string, hardMax: number, softMax: number): ItemDefinition => ({
  id,
  label: `${drug}, highest dose for at least 1 hour`,
  type: 'decimal',
  unit: 'ug/kg/min',
  precision: 3,
  showWhen: 'vasoactive_infusion',
  // 0 when that drug was not given: the check below needs all three.
  required: true,
  hardRange: { min: 0, max: hardMax },
  softRange: { max: softMax },
});

export const sofa2DayCodeLists: readonly CodeList[] = [
  codeList('ecmo_indication', [
    ['none', 'None'],
    ['respiratory', 'For respiratory failure (VV)'],
    ['cardiac', 'For cardiac failure (VA)'],
  ]),
  codeList('norepinephrine_salt', [
    ['base', 'Base'],
    ['bitartrate_monohydrate', 'Bitartrate monohydrate'],
    ['bitartrate_anhydrous', 'Bitartrate, anhydrous'],
    ['hydrochloride', 'Hydrochloride'],
  ]),
];

const component = (organ: string, label: string): ItemDefinition => ({
  id: `sofa2_${organ}`,
  label,
  type: 'calculated',
  calculation: { calculator: 'sofa2', inputs: sofa2Inputs, output: organ },
});

/** The calculator's inputs, mapped to this form's items. */
const sofa2Inputs = {
  gcs: 'gcs',
  gcsMotor: 'gcs_motor',
  sedated: 'sedated',
  gcsBeforeSedation: 'gcs_before_sedation',
  deliriumDrugTreatment: 'delirium_drug_treatment',
  pao2MmHg: 'pao2',
  fio2: 'fio2',
  spo2Pct: 'spo2',
  advancedRespiratorySupport: 'advanced_respiratory_support',
  respiratorySupportUnavailable: 'respiratory_support_withheld',
  ecmo: 'ecmo',
  mapMmHg: 'map_mmhg',
  norepinephrineUgKgMin: 'norepinephrine_dose',
  norepinephrineSalt: 'norepinephrine_salt',
  epinephrineUgKgMin: 'epinephrine_dose',
  dopamineUgKgMin: 'dopamine_dose',
  otherVasoactive: 'other_vasoactive',
  mechanicalCirculatorySupport: 'mechanical_circulatory_support',
  vasoactivesUnavailable: 'vasoactives_withheld',
  bilirubinUmolL: 'bilirubin',
  creatinineUmolL: 'creatinine',
  urineOutputMlKgH: 'urine_output',
  urineOutputHours: 'urine_output_hours',
  rrt: 'rrt',
  potassiumMmolL: 'potassium',
  ph: 'ph',
  bicarbonateMmolL: 'bicarbonate',
  plateletsE3PerUl: 'platelets',
};

export const sofa2DayForm: FormDefinition = {
  id: 'sofa2_day',
  version: '1',
  label: 'SOFA-2 per ICU day',
  groups: [
    {
      id: 'day',
      label: 'Day',
      items: [
        {
          id: 'icu_day',
          label: 'ICU day (day of admission is 1)',
          type: 'integer',
          required: true,
          hardRange: { min: 1, max: 366 },
        },
        { id: 'day_date', label: 'Date', type: 'date', required: true },
      ],
    },
    {
      id: 'brain',
      label: 'Brain',
      items: [
        yesNo('sedated', 'Sedated (GCS not assessable)'),
        {
          id: 'gcs_before_sedation',
          label: 'Last GCS before sedation',
          type: 'integer',
          showWhen: 'sedated',
          required: true,
          allowedMissing: ['unknown'],
          hardRange: { min: 3, max: 15 },
        },
        {
          id: 'gcs',
          label: 'Lowest total GCS',
          type: 'integer',
          showWhen: '!sedated',
          hardRange: { min: 3, max: 15 },
        },
        {
          id: 'gcs_motor',
          label: 'Lowest motor response, when the total could not be assessed',
          type: 'integer',
          showWhen: '!sedated',
          hardRange: { min: 1, max: 6 },
        },
        yesNo('delirium_drug_treatment', 'Drug treatment for delirium'),
      ],
    },
    {
      id: 'respiratory',
      label: 'Respiratory',
      items: [
        number(
          'pao2',
          'PaO2 at the worst PaO2/FiO2 ratio',
          'mm[Hg]',
          { min: 15, max: 800 },
          { min: 30, max: 600 },
          { conversions: [{ unit: 'kPa', factor: 7.5 }], precision: 1 },
        ),
        number(
          'fio2',
          'FiO2 at that PaO2',
          '1',
          { min: 0.21, max: 1 },
          {},
          { conversions: [{ unit: '%', factor: 0.01 }], precision: 2 },
        ),
        {
          id: 'pf_ratio',
          label: 'PaO2/FiO2 ratio',
          type: 'calculated',
          unit: 'mm[Hg]',
          calculation: { expression: 'pao2 / fio2' },
        },
        number(
          'spo2',
          'SpO2, when no PaO2 was measured',
          '%',
          { min: 50, max: 100 },
          { min: 70 },
          {
            required: false,
          },
        ),
        yesNo(
          'advanced_respiratory_support',
          'Advanced respiratory support (high-flow nasal oxygen, CPAP, BiPAP, non-invasive or invasive ventilation)',
        ),
        yesNo('respiratory_support_withheld', 'Advanced respiratory support unavailable or withheld (ceiling of care)'),
        { id: 'ecmo', label: 'ECMO', type: 'single_choice', codeList: 'ecmo_indication', required: true },
      ],
    },
    {
      id: 'cardiovascular',
      label: 'Cardiovascular',
      items: [
        number('map_mmhg', 'Lowest mean arterial pressure', 'mm[Hg]', { min: 10, max: 300 }, { min: 30, max: 150 }),
        yesNo('vasoactive_infusion', 'Continuous vasopressor or inotrope infusion for at least 1 hour'),
        dose('norepinephrine_dose', 'Norepinephrine', 20, 2),
        {
          id: 'norepinephrine_salt',
          label: 'Norepinephrine dose charted as',
          type: 'single_choice',
          codeList: 'norepinephrine_salt',
          showWhen: 'norepinephrine_dose > 0.0',
          required: true,
        },
        dose('epinephrine_dose', 'Epinephrine', 20, 2),
        dose('dopamine_dose', 'Dopamine', 100, 50),
        yesNo(
          'other_vasoactive',
          'Another vasopressor or inotrope (vasopressin, phenylephrine, dobutamine, milrinone, angiotensin II, levosimendan)',
          { showWhen: 'vasoactive_infusion' },
        ),
        yesNo(
          'mechanical_circulatory_support',
          'Mechanical circulatory support (VA-ECMO, IABP, LVAD, microaxial pump)',
        ),
        yesNo('vasoactives_withheld', 'Vasoactives unavailable or withheld (ceiling of care)'),
      ],
    },
    {
      id: 'liver',
      label: 'Liver',
      items: [
        number(
          'bilirubin',
          'Highest total bilirubin',
          'umol/L',
          { min: 1, max: 1710 },
          { min: 2, max: 600 },
          { conversions: [{ unit: 'mg/dL', factor: 17.1 }], precision: 0 },
        ),
      ],
    },
    {
      id: 'kidney',
      label: 'Kidney',
      items: [
        number(
          'creatinine',
          'Highest creatinine',
          'umol/L',
          { min: 10, max: 3536 },
          { min: 20, max: 1500 },
          { conversions: [{ unit: 'mg/dL', factor: 88.4 }], precision: 0 },
        ),
        number('urine_output', 'Lowest urine output', 'mL/kg/h', { min: 0, max: 50 }, { max: 10 }, { precision: 2 }),
        {
          id: 'urine_output_hours',
          label: 'Length of that low-output period',
          type: 'decimal',
          unit: 'h',
          showWhen: 'urine_output < 0.5',
          required: true,
          hardRange: { min: 0, max: 24 },
        },
        yesNo('rrt', 'Kidney replacement therapy for a renal indication (also chronic, and days between sessions)'),
        number(
          'potassium',
          'Highest potassium',
          'mmol/L',
          { min: 1, max: 15 },
          { min: 2.5, max: 7.5 },
          {
            required: false,
          },
        ),
        number('ph', 'Lowest arterial pH', '[pH]', { min: 6.5, max: 8 }, { min: 6.8, max: 7.7 }, { required: false }),
        number(
          'bicarbonate',
          'Lowest bicarbonate',
          'mmol/L',
          { min: 0, max: 80 },
          { min: 5, max: 45 },
          {
            required: false,
          },
        ),
      ],
    },
    {
      id: 'hemostasis',
      label: 'Hemostasis',
      items: [
        number(
          'platelets',
          'Lowest platelet count',
          '10*3/uL',
          { min: 0, max: 5000 },
          { min: 1, max: 1000 },
          { conversions: [{ unit: '10*9/L', factor: 1 }], precision: 0 },
        ),
      ],
    },
    {
      id: 'score',
      label: 'SOFA-2',
      items: [
        component('brain', 'Brain'),
        component('respiratory', 'Respiratory'),
        component('cardiovascular', 'Cardiovascular'),
        component('liver', 'Liver'),
        component('kidney', 'Kidney'),
        component('hemostasis', 'Hemostasis'),
        {
          id: 'sofa2_total',
          label: 'SOFA-2 total (an organ without data counts 0)',
          type: 'calculated',
          calculation: { calculator: 'sofa2', inputs: sofa2Inputs, output: 'total' },
        },
        {
          id: 'sofa2_missing',
          label: 'Organs without data',
          type: 'calculated',
          calculation: { calculator: 'sofa2', inputs: sofa2Inputs, output: 'missing' },
        },
      ],
    },
  ],
  checks: [
    {
      id: 'dose_when_infused',
      severity: 'soft',
      expression:
        '!vasoactive_infusion || other_vasoactive || norepinephrine_dose + epinephrine_dose + dopamine_dose > 0.0',
      message: 'An infusion is recorded, but no dose and no other vasopressor or inotrope',
      items: ['vasoactive_infusion'],
    },
  ],
};
