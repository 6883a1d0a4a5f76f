import type { CodeList, FormDefinition, ItemDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify, yesNo } from './common.ts';

/**
 * Infection (D0, once): the suspected site at inclusion, the cultures (one row each: specimen, organism,
 * quantity), and the retrospective classification by the ISF consensus definitions (infection-sites.md): site
 * and certainty by an adjudicator with the evidence used, a second adjudicator, and how a disagreement was
 * resolved. The platform may suggest a site; a person records it here.
 */

export const infectionCodeLists: readonly CodeList[] = [
  codeList('specimen', [
    ['blood', 'Blood'],
    ['bronchoalveolar_lavage', 'Bronchoalveolar lavage'],
    ['protected_brush', 'Protected specimen brush'],
    ['endotracheal_aspirate', 'Endotracheal aspirate'],
    ['sputum', 'Sputum'],
    ['pleural_fluid', 'Pleural fluid'],
    ['urine', 'Urine'],
    ['catheter_tip', 'Intravascular catheter tip'],
    ['peritoneal_fluid', 'Peritoneal fluid or abdominal tissue'],
    ['bile', 'Bile'],
    ['wound', 'Wound or pus'],
    ['cerebrospinal_fluid', 'Cerebrospinal fluid'],
    ['tissue', 'Other tissue or biopsy'],
    ['other', 'Other'],
  ]),
  codeList('culture_result', [
    ['growth', 'Growth'],
    ['no_growth', 'No growth'],
    ['contaminant', 'Contaminant only'],
    ['pending', 'Pending'],
  ]),
  codeList('infection_certainty', [
    ['definite', 'Definite (microbiologically confirmed)'],
    ['probable', 'Probable'],
    ['possible', 'Possible'],
    ['none', 'None (infection ruled out in hindsight)'],
  ]),
  codeList('adjudication_evidence', [
    ['imaging', 'Imaging'],
    ['cultures', 'Cultures (specimen, organism, quantity)'],
    ['antigen_test', 'Antigen test (Legionella, pneumococcus)'],
    ['clinical_signs', 'Clinical signs'],
    ['operative_findings', 'Findings at surgery or drainage'],
    ['other', 'Other'],
  ]),
  codeList('disagreement_resolution', [
    ['consensus', 'Consensus of the two adjudicators'],
    ['third_adjudicator', 'Decision of a third adjudicator'],
  ]),
];

/** One adjudication: who, when, the site (primary and any others) and the certainty. */
const adjudication = (prefix: string, who: string, showWhen?: string): ItemDefinition[] => {
  const when = showWhen === undefined ? {} : { showWhen };
  return [
    { id: `${prefix}_by`, label: who, type: 'text', required: true, ...when },
    date(`${prefix}_on`, 'Date of adjudication', { required: true, ...when }),
    {
      id: `${prefix}_site`,
      label: 'Primary site of infection',
      type: 'single_choice',
      codeList: 'infection_site',
      required: true,
      ...when,
    },
    otherSpecify(`${prefix}_site_other`, `${prefix}_site`),
    {
      id: `${prefix}_other_sites`,
      label: 'Other sites of infection',
      type: 'multiple_choice',
      codeList: 'infection_site',
      ...when,
    },
    {
      id: `${prefix}_certainty`,
      label: 'Certainty',
      type: 'single_choice',
      codeList: 'infection_certainty',
      required: true,
      ...when,
    },
  ];
};

export const infectionForm: FormDefinition = {
  id: 'infection',
  version: '1',
  label: 'Infection',
  groups: [
    {
      id: 'suspected',
      label: 'Suspected infection at inclusion',
      items: [
        {
          id: 'suspected_site',
          label: 'Suspected primary site',
          type: 'single_choice',
          codeList: 'infection_site',
          required: true,
        },
        otherSpecify('suspected_site_other', 'suspected_site'),
        {
          id: 'suspected_other_sites',
          label: 'Other suspected sites',
          type: 'multiple_choice',
          codeList: 'infection_site',
        },
        yesNo('culture_taken', 'Cultures taken'),
      ],
    },
    {
      id: 'cultures',
      label: 'Cultures',
      repeating: true,
      items: [
        {
          id: 'specimen',
          label: 'Specimen',
          type: 'single_choice',
          codeList: 'specimen',
          required: true,
          showWhen: 'culture_taken',
        },
        otherSpecify('specimen_other', 'specimen'),
        date('culture_taken_on', 'Date taken', { required: true, showWhen: 'culture_taken' }),
        {
          id: 'culture_result',
          label: 'Result',
          type: 'single_choice',
          codeList: 'culture_result',
          required: true,
          showWhen: 'culture_taken',
        },
        {
          id: 'organism',
          label: 'Organism (genus and species)',
          type: 'text',
          required: true,
          showWhen: 'culture_result == "growth" || culture_result == "contaminant"',
        },
        {
          id: 'quantity',
          label: 'Quantity (quantitative or semi-quantitative cultures)',
          type: 'decimal',
          unit: '{CFU}/mL',
          showWhen: 'culture_result == "growth"',
          hardRange: { min: 0 },
          softRange: { max: 1e9 },
        },
      ],
    },
    {
      id: 'adjudication',
      label: 'ISF classification, first adjudicator',
      items: [
        ...adjudication('adjudicated', 'Adjudicator'),
        {
          id: 'evidence',
          label: 'Evidence used',
          type: 'multiple_choice',
          codeList: 'adjudication_evidence',
          required: true,
        },
        otherSpecify('evidence_other', 'evidence', true),
      ],
    },
    {
      id: 'second_adjudication',
      label: 'Second adjudicator',
      items: [
        yesNo('second_adjudication_done', 'Classified by a second adjudicator'),
        ...adjudication('second', 'Second adjudicator', 'second_adjudication_done'),
      ],
    },
    {
      id: 'resolution',
      label: 'Resolution of disagreement',
      items: [
        ...[
          {
            id: 'resolution_method',
            label: 'Resolved by',
            type: 'single_choice' as const,
            codeList: 'disagreement_resolution',
            required: true,
          },
          { id: 'resolved_by', label: 'Who resolved it', type: 'text' as const, required: true },
          date('resolved_on', 'Date resolved', { required: true }),
          {
            id: 'final_site',
            label: 'Final primary site',
            type: 'single_choice' as const,
            codeList: 'infection_site',
            required: true,
          },
          {
            id: 'final_certainty',
            label: 'Final certainty',
            type: 'single_choice' as const,
            codeList: 'infection_certainty',
            required: true,
          },
        ].map((item) => ({
          ...item,
          showWhen: 'second_site != adjudicated_site || second_certainty != adjudicated_certainty',
        })),
        otherSpecify('final_site_other', 'final_site'),
      ],
    },
  ],
  checks: [
    {
      id: 'two_adjudicators',
      severity: 'hard',
      expression: 'second_by.lowerAscii() != adjudicated_by.lowerAscii()',
      message: 'The second adjudicator is the first one',
      items: ['second_by', 'adjudicated_by'],
    },
    {
      id: 'definite_needs_culture',
      severity: 'soft',
      expression: 'adjudicated_certainty != "definite" || "cultures" in evidence || "antigen_test" in evidence',
      message: 'A definite infection is microbiologically confirmed: cultures or an antigen test among the evidence?',
      items: ['adjudicated_certainty', 'evidence'],
    },
    {
      id: 'resolved_after_adjudication',
      severity: 'soft',
      expression: 'resolved_on >= second_on && resolved_on >= adjudicated_on',
      message: 'The disagreement is resolved before both adjudications',
      items: ['resolved_on'],
    },
  ],
};
