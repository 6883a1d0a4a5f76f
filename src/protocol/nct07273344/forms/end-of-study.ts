import type { CodeList, FormDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify } from './common.ts';

/**
 * End of study (once): why and when a participant's participation ended. Withdrawal and deferred-consent refusal
 * are recorded here as reasons; what is destroyed is the consent and destruction records' business.
 */

export const endOfStudyCodeLists: readonly CodeList[] = [
  codeList('end_of_study_reason', [
    ['completed', 'Completed the 12-month follow-up'],
    ['died', 'Died'],
    ['withdrawn_participant', 'Withdrawn by the participant'],
    ['withdrawn_representative', 'Withdrawn by the legal representative'],
    ['deferred_consent_refused', 'Deferred consent refused'],
    ['lost_to_follow_up', 'Lost to follow-up'],
    ['investigator_decision', 'Investigator decision'],
    ['other', 'Other'],
  ]),
];

export const endOfStudyForm: FormDefinition = {
  id: 'end_of_study',
  version: '1',
  label: 'End of study',
  groups: [
    {
      id: 'end',
      label: 'End of study',
      items: [
        date('ended_on', 'Date of end of study', { required: true }),
        {
          id: 'end_reason',
          label: 'Reason',
          type: 'single_choice',
          codeList: 'end_of_study_reason',
          required: true,
        },
        otherSpecify('end_reason_other', 'end_reason'),
        date('end_died_on', 'Date of death', {
          required: true,
          allowedMissing: ['unknown'],
          showWhen: 'end_reason == "died"',
        }),
        date('last_contact_on', 'Date of last contact', {
          required: true,
          showWhen: 'end_reason == "lost_to_follow_up"',
        }),
        { id: 'end_comment', label: 'Comment', type: 'text' },
      ],
    },
  ],
  checks: [
    {
      id: 'death_not_after_end',
      severity: 'hard',
      expression: 'end_died_on <= ended_on',
      message: 'The date of death is after the end of study',
      items: ['end_died_on', 'ended_on'],
    },
    {
      id: 'last_contact_not_after_end',
      severity: 'hard',
      expression: 'last_contact_on <= ended_on',
      message: 'The last contact is after the end of study',
      items: ['last_contact_on', 'ended_on'],
    },
  ],
};
