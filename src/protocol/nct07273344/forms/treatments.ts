import type { CheckDefinition, CodeList, FormDefinition, ItemDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify, yesNo } from './common.ts';

/**
 * Treatments during the ICU or MC stay (once, completed by ICU discharge): antibiotics and corticosteroids one
 * row per drug, and the organ support that SOFA-2 and the outcome analyses need with start and stop dates.
 */

export const treatmentCodeLists: readonly CodeList[] = [
  codeList('route', [
    ['intravenous', 'Intravenous'],
    ['oral', 'Oral or enteral'],
    ['other', 'Other'],
  ]),
  codeList('vasoactive_agent', [
    ['norepinephrine', 'Norepinephrine'],
    ['epinephrine', 'Epinephrine'],
    ['dopamine', 'Dopamine'],
    ['dobutamine', 'Dobutamine'],
    ['vasopressin', 'Vasopressin or terlipressin'],
    ['phenylephrine', 'Phenylephrine'],
    ['milrinone', 'Milrinone'],
    ['angiotensin_ii', 'Angiotensin II'],
    ['levosimendan', 'Levosimendan'],
    ['other', 'Other'],
  ]),
  codeList('rrt_modality', [
    ['continuous', 'Continuous (CRRT)'],
    ['intermittent_haemodialysis', 'Intermittent haemodialysis'],
    ['sled', 'Sustained low-efficiency dialysis'],
    ['peritoneal', 'Peritoneal dialysis'],
  ]),
  codeList('ecmo_mode', [
    ['vv', 'Veno-venous (VV)'],
    ['va', 'Veno-arterial (VA)'],
  ]),
  // The drugs of the protocol's prednisone-equivalence table (../corticosteroids.ts), codes as its keys.
  codeList('corticosteroid', [
    ['hydrocortisone', 'Hydrocortisone'],
    ['prednisone', 'Prednisone'],
    ['prednisolone', 'Prednisolone'],
    ['methylprednisolone', 'Methylprednisolone'],
    ['dexamethasone', 'Dexamethasone'],
    ['betamethasone', 'Betamethasone'],
    ['cortisone', 'Cortisone'],
  ]),
  codeList('immunomodulator', [
    ['anakinra', 'Anakinra'],
    ['tocilizumab', 'Tocilizumab'],
    ['interferon_gamma', 'Interferon gamma'],
    ['gm_csf', 'GM-CSF'],
    ['immunoglobulins', 'Intravenous immunoglobulins'],
    ['other', 'Other'],
  ]),
];

/** Given or not; when given, its start and stop dates. */
const period = (prefix: string, gate: string): ItemDefinition[] => [
  date(`${prefix}_started_on`, 'Started', { showWhen: gate, required: true }),
  date(`${prefix}_stopped_on`, 'Stopped', { showWhen: gate, required: true, allowedMissing: ['not_applicable'] }),
];

const stopAfterStart = (prefix: string, what: string, severity: 'hard' | 'soft' = 'soft'): CheckDefinition => ({
  id: `${prefix}_stop_after_start`,
  severity,
  expression: `${prefix}_stopped_on >= ${prefix}_started_on`,
  message: `${what} stopped before it started`,
  items: [`${prefix}_stopped_on`, `${prefix}_started_on`],
});

export const treatmentsForm: FormDefinition = {
  id: 'treatments',
  version: '1',
  label: 'Treatments',
  groups: [
    {
      id: 'antibiotics',
      label: 'Antibiotics',
      repeating: true,
      items: [
        { id: 'antibiotic', label: 'Antibiotic (generic name)', type: 'text', required: true },
        { id: 'antibiotic_route', label: 'Route', type: 'single_choice', codeList: 'route', required: true },
        date('antibiotic_started_on', 'Started', { required: true }),
        date('antibiotic_stopped_on', 'Stopped', { required: true, allowedMissing: ['not_applicable'] }),
      ],
    },
    {
      id: 'vasopressors',
      label: 'Vasopressors and inotropes',
      items: [
        yesNo('vasopressors_given', 'Vasopressors or inotropes given'),
        {
          id: 'vasopressor_agents',
          label: 'Agents',
          type: 'multiple_choice',
          codeList: 'vasoactive_agent',
          required: true,
          showWhen: 'vasopressors_given',
        },
        otherSpecify('vasopressor_agents_other', 'vasopressor_agents', true),
        ...period('vasopressors', 'vasopressors_given'),
      ],
    },
    {
      id: 'ventilation',
      label: 'Ventilation',
      items: [
        yesNo('invasive_ventilation', 'Invasive mechanical ventilation'),
        ...period('ventilation', 'invasive_ventilation'),
        yesNo('noninvasive_support', 'Non-invasive ventilation, CPAP or high-flow nasal oxygen'),
      ],
    },
    {
      id: 'kidney_replacement',
      label: 'Kidney replacement therapy',
      items: [
        yesNo('rrt_given', 'Kidney replacement therapy'),
        yesNo('rrt_chronic', 'Chronic dialysis before admission', { showWhen: 'rrt_given' }),
        {
          id: 'rrt_modalities',
          label: 'Modalities',
          type: 'multiple_choice',
          codeList: 'rrt_modality',
          required: true,
          showWhen: 'rrt_given',
        },
        ...period('rrt', 'rrt_given'),
      ],
    },
    {
      id: 'ecmo',
      label: 'ECMO',
      items: [
        yesNo('ecmo_given', 'ECMO'),
        {
          id: 'ecmo_mode',
          label: 'Mode',
          type: 'single_choice',
          codeList: 'ecmo_mode',
          required: true,
          showWhen: 'ecmo_given',
        },
        ...period('ecmo', 'ecmo_given'),
      ],
    },
    {
      id: 'steroids',
      label: 'Corticosteroids',
      items: [
        yesNo('corticosteroids_given', 'Systemic corticosteroids given'),
        {
          id: 'corticosteroid_highest_prednisone_mg',
          label: 'Highest daily dose of one drug, as prednisone',
          type: 'calculated',
          unit: 'mg/d',
          showWhen: 'corticosteroids_given',
          calculation: { calculator: 'maximum', inputs: { values: 'corticosteroid_prednisone_mg' }, output: 'result' },
        },
      ],
    },
    {
      id: 'corticosteroids',
      label: 'Corticosteroids, one row per drug and dose',
      repeating: true,
      items: [
        {
          id: 'corticosteroid',
          label: 'Drug',
          type: 'single_choice',
          codeList: 'corticosteroid',
          required: true,
          showWhen: 'corticosteroids_given',
        },
        {
          id: 'corticosteroid_daily_dose',
          label: 'Daily dose',
          type: 'decimal',
          unit: 'mg/d',
          precision: 1,
          required: true,
          showWhen: 'corticosteroids_given',
          hardRange: { min: 0, max: 10000 },
          softRange: { min: 0.5, max: 1000 },
        },
        {
          id: 'corticosteroid_prednisone_mg',
          label: 'Daily dose as prednisone',
          type: 'calculated',
          unit: 'mg/d',
          showWhen: 'corticosteroids_given',
          calculation: {
            calculator: 'prednisone_equivalent',
            inputs: { drug: 'corticosteroid', dailyDoseMg: 'corticosteroid_daily_dose' },
            output: 'mgPerDay',
          },
        },
        date('corticosteroid_started_on', 'Started', { required: true, showWhen: 'corticosteroids_given' }),
        date('corticosteroid_stopped_on', 'Stopped', {
          required: true,
          showWhen: 'corticosteroids_given',
          allowedMissing: ['not_applicable'],
        }),
      ],
    },
    {
      id: 'immunomodulation',
      label: 'Immunomodulators',
      items: [
        yesNo('immunomodulators_given', 'Immunomodulators given'),
        {
          id: 'immunomodulators',
          label: 'Drugs',
          type: 'multiple_choice',
          codeList: 'immunomodulator',
          required: true,
          showWhen: 'immunomodulators_given',
        },
        otherSpecify('immunomodulators_other', 'immunomodulators', true),
        date('immunomodulators_started_on', 'First given', { required: true, showWhen: 'immunomodulators_given' }),
      ],
    },
  ],
  checks: [
    stopAfterStart('antibiotic', 'The antibiotic'),
    stopAfterStart('vasopressors', 'Vasopressor treatment'),
    stopAfterStart('ventilation', 'Ventilation'),
    stopAfterStart('rrt', 'Kidney replacement therapy'),
    stopAfterStart('ecmo', 'ECMO'),
    stopAfterStart('corticosteroid', 'The corticosteroid'),
  ],
};
