import { protocolV1 } from '../../protocol/nct07273344/protocol.ts';
import type { CaseReportForms } from '../../protocol/forms.ts';
import type { Study } from '../../protocol/study.ts';

/**
 * A tiny study for the ODM unit tests: the real protocol's visits with two small forms, one of each item type, a
 * repeating group, ranges, a unit, a code list and a calculated item. Test data only.
 */
export const tinyForms: CaseReportForms = {
  codeLists: [
    {
      id: 'colour',
      options: [
        { code: 'red', label: 'Red' },
        { code: 'green', label: 'Green & blue' },
        { code: 'blue', label: 'Blue' },
      ],
    },
  ],
  forms: [
    {
      id: 'vitals',
      version: '2',
      label: 'Vitals',
      groups: [
        {
          id: 'main',
          label: 'Main',
          items: [
            { id: 'note', label: 'Note <free text>', type: 'text' },
            {
              id: 'beats',
              label: 'Heart rate',
              type: 'integer',
              unit: '/min',
              hardRange: { min: 0, max: 300 },
              required: true,
            },
            {
              id: 'weight',
              label: 'Weight',
              type: 'decimal',
              unit: 'kg',
              precision: 1,
              softRange: { min: 30, max: 200 },
            },
            { id: 'seen_on', label: 'Seen on', type: 'date' },
            { id: 'seen_at', label: 'Seen at', type: 'datetime' },
            { id: 'fever', label: 'Fever', type: 'yes_no' },
            { id: 'colour', label: 'Colour', type: 'single_choice', codeList: 'colour' },
            { id: 'colours', label: 'Colours', type: 'multiple_choice', codeList: 'colour' },
            {
              id: 'double_beats',
              label: 'Twice the rate',
              type: 'calculated',
              calculation: { expression: 'beats * 2' },
            },
          ],
        },
        {
          id: 'doses',
          label: 'Doses',
          repeating: true,
          items: [{ id: 'dose', label: 'Dose', type: 'decimal', unit: 'mg' }],
        },
      ],
    },
    {
      id: 'daily',
      version: '1',
      label: 'Daily',
      groups: [{ id: 'day', label: 'Day', items: [{ id: 'ok', label: 'All well', type: 'yes_no' }] }],
    },
  ],
  schedule: [
    { form: 'vitals', visits: ['D0', 'D3'] },
    { form: 'daily', perIcuDay: true },
  ],
};

export const tinyStudy: Study = {
  current: { ...protocolV1, forms: tinyForms },
  versions: { [protocolV1.version]: { ...protocolV1, forms: tinyForms } },
  assays: [],
};
