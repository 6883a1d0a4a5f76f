import type { CodeList, FormDefinition, ItemDefinition } from '../../forms.ts';
import { codeList, otherSpecify, yesNo } from './common.ts';

/**
 * Baseline (D0, once): demographics, height and weight with BMI, the comorbidities of the Charlson index (1987,
 * 19 conditions, inputs of the `charlson` calculator), admission type and source, and frailty before admission.
 */

/**
 * Charlson conditions: item id, the calculator's input, label. A condition's severe form comes first and hides
 * its milder form when present, since the severe form includes it (src/clinical/charlson.ts).
 */
const charlson: readonly (readonly [id: string, input: string, label: string, showWhen?: string])[] = [
  ['myocardial_infarction', 'myocardialInfarction', 'Myocardial infarction (definite or probable)'],
  ['congestive_heart_failure', 'congestiveHeartFailure', 'Congestive heart failure (responded to treatment)'],
  [
    'peripheral_vascular_disease',
    'peripheralVascularDisease',
    'Peripheral vascular disease (claudication, bypass, gangrene, aneurysm ≥ 6 cm)',
  ],
  ['cerebrovascular_disease', 'cerebrovascularDisease', 'Cerebrovascular disease (stroke with little residue, TIA)'],
  ['dementia', 'dementia', 'Dementia (chronic cognitive deficit)'],
  ['chronic_pulmonary_disease', 'chronicPulmonaryDisease', 'Chronic pulmonary disease'],
  ['connective_tissue_disease', 'connectiveTissueDisease', 'Connective tissue disease'],
  ['peptic_ulcer_disease', 'ulcerDisease', 'Peptic ulcer disease (treated)'],
  [
    'moderate_severe_liver_disease',
    'moderateSevereLiverDisease',
    'Moderate or severe liver disease (cirrhosis with portal hypertension)',
  ],
  [
    'mild_liver_disease',
    'mildLiverDisease',
    'Mild liver disease (chronic hepatitis, cirrhosis without portal hypertension)',
    '!moderate_severe_liver_disease',
  ],
  [
    'diabetes_end_organ_damage',
    'diabetesWithEndOrganDamage',
    'Diabetes with end-organ damage (retinopathy, neuropathy, nephropathy)',
  ],
  [
    'diabetes_uncomplicated',
    'diabetes',
    'Diabetes without end-organ damage (treated, not by diet alone)',
    '!diabetes_end_organ_damage',
  ],
  ['hemiplegia', 'hemiplegia', 'Hemiplegia or paraplegia'],
  [
    'moderate_severe_renal_disease',
    'moderateSevereRenalDisease',
    'Moderate or severe renal disease (creatinine > 3 mg/dL, dialysis, transplant, uraemia)',
  ],
  ['metastatic_solid_tumour', 'metastaticSolidTumor', 'Metastatic solid tumour'],
  [
    'solid_tumour',
    'anyTumor',
    'Solid tumour without metastases, treated in the last 5 years',
    '!metastatic_solid_tumour',
  ],
  ['leukaemia', 'leukemia', 'Leukaemia (acute or chronic)'],
  ['lymphoma', 'lymphoma', 'Lymphoma (including myeloma and Waldenström)'],
  ['aids', 'aids', 'AIDS (not HIV infection alone)'],
];

const charlsonInputs = { ...Object.fromEntries(charlson.map(([id, input]) => [input, id])), ageYears: 'age_years' };

const comorbidities: ItemDefinition[] = charlson.map(([id, , label, showWhen]) =>
  yesNo(id, label, showWhen === undefined ? {} : { showWhen }),
);

export const baselineCodeLists: readonly CodeList[] = [
  codeList('weight_method', [
    ['measured', 'Measured'],
    ['estimated', 'Estimated'],
    ['reported', 'Reported by the patient or family'],
  ]),
  codeList('admission_unit', [
    ['icu', 'Intensive care unit'],
    ['mc', 'Medium care unit'],
  ]),
  codeList('admission_type', [
    ['medical', 'Medical'],
    ['surgical_emergency', 'Emergency surgical'],
    ['surgical_elective', 'Elective surgical'],
  ]),
  codeList('admission_source', [
    ['emergency_department', 'Emergency department'],
    ['hospital_ward', 'Hospital ward'],
    ['operating_theatre', 'Operating theatre or recovery'],
    ['other_hospital', 'Other hospital'],
    ['other', 'Other'],
  ]),
  codeList('sepsis_onset', [
    ['community', 'Community (new admission)'],
    ['hospital', 'In hospital (already admitted)'],
  ]),
  // Clinical Frailty Scale version 2.0 (Rockwood), the state about two weeks before the acute illness.
  codeList('clinical_frailty_scale', [
    ['1', '1 – Very fit'],
    ['2', '2 – Fit'],
    ['3', '3 – Managing well'],
    ['4', '4 – Living with very mild frailty'],
    ['5', '5 – Living with mild frailty'],
    ['6', '6 – Living with moderate frailty'],
    ['7', '7 – Living with severe frailty'],
    ['8', '8 – Living with very severe frailty'],
    ['9', '9 – Terminally ill'],
  ]),
];

export const baselineForm: FormDefinition = {
  id: 'baseline',
  version: '1',
  label: 'Baseline',
  groups: [
    {
      id: 'demographics',
      label: 'Demographics',
      items: [
        {
          id: 'age_years',
          label: 'Age at ICU or MC admission',
          type: 'integer',
          unit: 'a',
          required: true,
          // Inclusion needs an adult: under 18 is a typo or an ineligible patient.
          hardRange: { min: 18, max: 120 },
          softRange: { max: 100 },
        },
        { id: 'sex', label: 'Sex', type: 'single_choice', codeList: 'sex', required: true },
        yesNo('pregnant', 'Pregnant or less than 6 weeks post partum', {
          showWhen: 'sex == "female" && age_years < 60',
          allowedMissing: ['unknown'],
        }),
      ],
    },
    {
      id: 'body',
      label: 'Height and weight',
      items: [
        {
          id: 'height_cm',
          label: 'Height',
          type: 'decimal',
          unit: 'cm',
          conversions: [{ unit: 'm', factor: 100 }],
          precision: 0,
          required: true,
          hardRange: { min: 100, max: 250 },
          softRange: { min: 140, max: 210 },
        },
        {
          id: 'weight_kg',
          label: 'Weight',
          type: 'decimal',
          unit: 'kg',
          precision: 1,
          required: true,
          hardRange: { min: 25, max: 400 },
          softRange: { min: 35, max: 200 },
        },
        { id: 'weight_method', label: 'Weight was', type: 'single_choice', codeList: 'weight_method', required: true },
        {
          id: 'bmi',
          label: 'Body mass index',
          type: 'calculated',
          unit: 'kg/m2',
          calculation: { expression: 'weight_kg / ((height_cm / 100.0) * (height_cm / 100.0))' },
        },
      ],
    },
    {
      id: 'comorbidities',
      label: 'Comorbidities (Charlson)',
      items: [
        ...comorbidities,
        {
          id: 'charlson_index',
          label: 'Charlson comorbidity index',
          type: 'calculated',
          calculation: { calculator: 'charlson', inputs: charlsonInputs, output: 'index' },
        },
        {
          id: 'charlson_age_score',
          label: 'Charlson age-comorbidity score',
          type: 'calculated',
          calculation: { calculator: 'charlson', inputs: charlsonInputs, output: 'ageComorbidityScore' },
        },
      ],
    },
    {
      id: 'admission',
      label: 'Admission',
      items: [
        { id: 'hospital_admitted_at', label: 'Hospital admission', type: 'datetime', required: true },
        { id: 'icu_admitted_at', label: 'ICU or MC admission', type: 'datetime', required: true },
        {
          id: 'admission_unit',
          label: 'Admitted to',
          type: 'single_choice',
          codeList: 'admission_unit',
          required: true,
        },
        {
          id: 'admission_type',
          label: 'Admission type',
          type: 'single_choice',
          codeList: 'admission_type',
          required: true,
        },
        {
          id: 'admission_source',
          label: 'Admitted from',
          type: 'single_choice',
          codeList: 'admission_source',
          required: true,
        },
        otherSpecify('admission_source_other', 'admission_source'),
        { id: 'sepsis_onset', label: 'Sepsis began', type: 'single_choice', codeList: 'sepsis_onset', required: true },
      ],
    },
    {
      id: 'frailty',
      label: 'Frailty',
      items: [
        {
          id: 'clinical_frailty_scale',
          label: 'Clinical Frailty Scale, two weeks before admission',
          type: 'single_choice',
          codeList: 'clinical_frailty_scale',
          required: true,
          allowedMissing: ['unknown'],
        },
      ],
    },
  ],
  checks: [
    {
      id: 'icu_after_hospital_admission',
      severity: 'soft',
      expression: 'icu_admitted_at >= hospital_admitted_at',
      message: 'The ICU or MC admission is before the hospital admission',
      items: ['icu_admitted_at', 'hospital_admitted_at'],
    },
  ],
};
