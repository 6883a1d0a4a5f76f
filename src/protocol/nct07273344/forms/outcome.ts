import type { CodeList, FormDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify, yesNo } from './common.ts';

/**
 * ICU and hospital outcome (once, at the end of the hospital stay or at death): dates, vital status and
 * discharge destination. The admission dates are asked again here because a check cannot yet read another form
 * (the baseline's admission date-times); the web may fill them in from the baseline.
 */

export const outcomeCodeLists: readonly CodeList[] = [
  codeList('icu_discharge_destination', [
    ['ward', 'Hospital ward'],
    ['medium_care', 'Medium care unit'],
    ['other_hospital_icu', 'ICU of another hospital'],
    ['other_hospital', 'Another hospital, not an ICU'],
    ['home', 'Home'],
    ['other', 'Other'],
  ]),
  codeList('hospital_discharge_destination', [
    ['home', 'Home'],
    ['home_with_care', 'Home with home care'],
    ['rehabilitation', 'Rehabilitation centre'],
    ['nursing_home', 'Nursing home'],
    ['other_hospital', 'Another hospital'],
    ['hospice', 'Hospice'],
    ['other', 'Other'],
  ]),
  codeList('cause_of_death', [
    ['sepsis', 'Sepsis or septic shock with organ failure'],
    ['cardiovascular', 'Cardiovascular'],
    ['respiratory', 'Respiratory failure'],
    ['neurological', 'Neurological'],
    ['malignancy', 'Malignancy'],
    ['other', 'Other'],
  ]),
];

const alive = (status: string) => `${status} == "discharged_alive"`;
const died = 'icu_status == "died" || hospital_status == "died"';

export const outcomeForm: FormDefinition = {
  id: 'outcome',
  version: '1',
  label: 'ICU and hospital outcome',
  groups: [
    {
      id: 'icu',
      label: 'ICU or MC stay',
      items: [
        date('icu_admitted_on', 'ICU or MC admission', { required: true }),
        {
          id: 'icu_status',
          label: 'ICU or MC outcome',
          type: 'single_choice',
          codeList: 'discharge_status',
          required: true,
        },
        date('icu_discharged_on', 'ICU or MC discharge', { required: true, showWhen: alive('icu_status') }),
        {
          id: 'icu_discharge_destination',
          label: 'Discharged to',
          type: 'single_choice',
          codeList: 'icu_discharge_destination',
          required: true,
          showWhen: alive('icu_status'),
        },
        otherSpecify('icu_discharge_destination_other', 'icu_discharge_destination'),
        yesNo('icu_readmitted', 'Readmitted to the ICU or MC in the same hospital stay', {
          showWhen: alive('icu_status'),
        }),
        yesNo('icu_acquired_infection', 'ICU-acquired infection (a new infection after 48 hours in the ICU)'),
      ],
    },
    {
      id: 'hospital',
      label: 'Hospital stay',
      items: [
        date('hospital_admitted_on', 'Hospital admission', { required: true }),
        {
          id: 'hospital_status',
          label: 'Hospital outcome',
          type: 'single_choice',
          codeList: 'discharge_status',
          required: true,
        },
        date('hospital_discharged_on', 'Hospital discharge', { required: true, showWhen: alive('hospital_status') }),
        {
          id: 'discharge_destination',
          label: 'Discharged to',
          type: 'single_choice',
          codeList: 'hospital_discharge_destination',
          required: true,
          showWhen: alive('hospital_status'),
        },
        otherSpecify('discharge_destination_other', 'discharge_destination'),
      ],
    },
    {
      id: 'death',
      label: 'Death in hospital',
      items: [
        date('died_on', 'Date of death', { required: true, showWhen: died }),
        {
          id: 'cause_of_death',
          label: 'Main cause of death',
          type: 'single_choice',
          codeList: 'cause_of_death',
          required: true,
          allowedMissing: ['unknown'],
          showWhen: died,
        },
        otherSpecify('cause_of_death_other', 'cause_of_death'),
        yesNo('treatment_limited', 'Life-sustaining treatment withheld or withdrawn', { showWhen: died }),
      ],
    },
  ],
  checks: [
    {
      id: 'icu_discharge_after_admission',
      severity: 'hard',
      expression: 'icu_discharged_on >= icu_admitted_on',
      message: 'The ICU or MC discharge is before the admission',
      items: ['icu_discharged_on', 'icu_admitted_on'],
    },
    {
      id: 'hospital_discharge_after_admission',
      severity: 'hard',
      expression: 'hospital_discharged_on >= hospital_admitted_on',
      message: 'The hospital discharge is before the admission',
      items: ['hospital_discharged_on', 'hospital_admitted_on'],
    },
    {
      id: 'icu_within_hospital_stay',
      severity: 'hard',
      expression: 'icu_admitted_on >= hospital_admitted_on',
      message: 'The ICU or MC admission is before the hospital admission',
      items: ['icu_admitted_on', 'hospital_admitted_on'],
    },
    {
      id: 'hospital_discharge_after_icu',
      severity: 'hard',
      expression: 'hospital_discharged_on >= icu_discharged_on',
      message: 'The hospital discharge is before the ICU or MC discharge',
      items: ['hospital_discharged_on', 'icu_discharged_on'],
    },
    {
      id: 'death_in_icu_is_death_in_hospital',
      severity: 'hard',
      expression: 'icu_status != "died" || hospital_status == "died"',
      message: 'A patient who died in the ICU or MC died in hospital',
      items: ['hospital_status', 'icu_status'],
    },
    {
      id: 'death_after_admission',
      severity: 'hard',
      expression: 'died_on >= icu_admitted_on',
      message: 'The date of death is before the ICU or MC admission',
      items: ['died_on', 'icu_admitted_on'],
    },
  ],
};
