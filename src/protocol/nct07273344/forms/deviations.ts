import type { CodeList, FormDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify, yesNo } from './common.ts';

/** Protocol deviations of a participant (once, a row per deviation, added whenever one is found). */

export const deviationCodeLists: readonly CodeList[] = [
  codeList('deviation_category', [
    ['eligibility', 'Eligibility criteria'],
    ['consent', 'Informed consent'],
    ['visit_window', 'Visit outside its window'],
    ['blood_volume', 'Blood volume above 40 mL at one timepoint'],
    ['sample_handling', 'Sample collection or handling'],
    ['data_collection', 'Data collection'],
    ['other', 'Other'],
  ]),
];

export const deviationsForm: FormDefinition = {
  id: 'protocol_deviations',
  version: '1',
  label: 'Protocol deviations',
  groups: [
    {
      id: 'summary',
      label: 'Protocol deviations',
      items: [yesNo('any_deviation', 'Any protocol deviation for this participant')],
    },
    {
      id: 'deviations',
      label: 'Deviations, one row each',
      repeating: true,
      items: [
        date('deviation_on', 'Date of the deviation', { required: true, showWhen: 'any_deviation' }),
        date('deviation_found_on', 'Date found', { required: true, showWhen: 'any_deviation' }),
        {
          id: 'deviation_category',
          label: 'Category',
          type: 'single_choice',
          codeList: 'deviation_category',
          required: true,
          showWhen: 'any_deviation',
        },
        otherSpecify('deviation_category_other', 'deviation_category'),
        { id: 'deviation_description', label: 'Description', type: 'text', required: true, showWhen: 'any_deviation' },
        yesNo('deviation_important', 'Important deviation (may affect safety, rights or data reliability)', {
          showWhen: 'any_deviation',
        }),
        {
          id: 'deviation_action',
          label: 'Corrective or preventive action',
          type: 'text',
          required: true,
          allowedMissing: ['not_applicable'],
          showWhen: 'any_deviation',
        },
      ],
    },
  ],
  checks: [
    {
      id: 'found_after_deviation',
      severity: 'hard',
      expression: 'deviation_found_on >= deviation_on',
      message: 'The deviation was found before it happened',
      items: ['deviation_found_on', 'deviation_on'],
    },
  ],
};
