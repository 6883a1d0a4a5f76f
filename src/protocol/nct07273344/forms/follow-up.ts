import type { CheckDefinition, CodeList, FormDefinition, ItemDefinition } from '../../forms.ts';
import { codeList, date, otherSpecify, yesNo } from './common.ts';

/**
 * Follow-up at M3 and M12, by questionnaire or phone (one screen): vital status, EQ-5D-5L (five dimensions coded
 * "1" to "5", the Dutch index by the `eq5d5l_nl_2016` calculator) and EQ VAS, re-admissions, new infections,
 * cardiovascular events and health-care use since the previous contact (hospital discharge for M3, M3 for M12).
 */

export const followUpCodeLists: readonly CodeList[] = [
  codeList('follow_up_mode', [
    ['self', 'Self-completed questionnaire'],
    ['proxy', 'Proxy'],
    ['phone', 'Phone interview'],
  ]),
  codeList('eq5d_level', [
    ['1', '1 – No problems'],
    ['2', '2 – Slight problems'],
    ['3', '3 – Moderate problems'],
    ['4', '4 – Severe problems'],
    ['5', '5 – Unable, or extreme problems'],
  ]),
  codeList('readmission_reason', [
    ['infection', 'Infection'],
    ['cardiovascular', 'Cardiovascular'],
    ['planned', 'Planned (surgery, treatment)'],
    ['other', 'Other'],
  ]),
  codeList('infection_confirmation', [
    ['microbiology', 'Confirmed by microbiology'],
    ['physician', 'Diagnosed by a physician (records or general practitioner)'],
    ['self_reported', 'Reported by the participant or proxy only'],
  ]),
  codeList('cardiovascular_event', [
    ['myocardial_infarction', 'Myocardial infarction'],
    ['stroke', 'Stroke'],
    ['heart_failure', 'Heart failure'],
    ['cardiovascular_death', 'Cardiovascular death'],
  ]),
  codeList('event_source', [
    ['hospital_records', 'Hospital records'],
    ['general_practitioner', 'General practitioner'],
    ['participant', 'Participant'],
    ['proxy', 'Proxy or relative'],
    ['registry', 'Municipal or death registry'],
  ]),
];

const isAlive = 'vital_status == "alive"';

const eq5d: readonly (readonly [id: string, dimension: string, label: string])[] = [
  ['eq5d_mobility', 'mobility', 'Mobility'],
  ['eq5d_self_care', 'selfCare', 'Self-care'],
  ['eq5d_usual_activities', 'usualActivities', 'Usual activities'],
  ['eq5d_pain_discomfort', 'painDiscomfort', 'Pain or discomfort'],
  ['eq5d_anxiety_depression', 'anxietyDepression', 'Anxiety or depression'],
];

const count = (id: string, label: string, softMax: number): ItemDefinition => ({
  id,
  label,
  type: 'integer',
  required: true,
  allowedMissing: ['unknown', 'asked_refused'],
  showWhen: isAlive,
  hardRange: { min: 0, max: 400 },
  softRange: { max: softMax },
});

/** An event of a repeating group is not after the contact that reports it. */
const notAfterContact = (item: string, what: string): CheckDefinition => ({
  id: `${item}_not_after_contact`,
  severity: 'hard',
  expression: `${item} <= contacted_on`,
  message: `${what} is after the follow-up contact`,
  items: [item],
});

export const followUpForm: FormDefinition = {
  id: 'follow_up',
  version: '1',
  label: 'Follow-up',
  groups: [
    {
      id: 'contact',
      label: 'Contact',
      items: [
        date('contacted_on', 'Date of contact', { required: true }),
        { id: 'mode', label: 'Mode', type: 'single_choice', codeList: 'follow_up_mode', required: true },
        { id: 'vital_status', label: 'Vital status', type: 'single_choice', codeList: 'vital_status', required: true },
        date('died_on', 'Date of death', {
          required: true,
          allowedMissing: ['unknown'],
          showWhen: 'vital_status == "died"',
        }),
      ],
    },
    {
      id: 'eq5d5l',
      label: 'EQ-5D-5L',
      items: [
        ...eq5d.map(([id, , label]): ItemDefinition => ({
          id,
          label,
          type: 'single_choice',
          codeList: 'eq5d_level',
          required: true,
          allowedMissing: ['asked_refused'],
          showWhen: isAlive,
        })),
        {
          id: 'eq5d_index',
          label: 'EQ-5D-5L index (Dutch value set, NL-5L-2016)',
          type: 'calculated',
          showWhen: isAlive,
          calculation: {
            calculator: 'eq5d5l_nl_2016',
            inputs: Object.fromEntries(eq5d.map(([id, dimension]) => [dimension, id])),
            output: 'index',
          },
        },
        {
          id: 'eq_vas',
          label: 'EQ VAS, health today (0 worst, 100 best imaginable)',
          type: 'integer',
          required: true,
          allowedMissing: ['asked_refused'],
          showWhen: isAlive,
          hardRange: { min: 0, max: 100 },
        },
      ],
    },
    {
      id: 'readmission',
      label: 'Re-admissions',
      items: [yesNo('readmitted', 'Admitted to a hospital since the last contact', { allowedMissing: ['unknown'] })],
    },
    {
      id: 'readmissions',
      label: 'Re-admissions, one row each',
      repeating: true,
      items: [
        date('readmitted_on', 'Admitted', { required: true, showWhen: 'readmitted' }),
        date('readmission_discharged_on', 'Discharged', {
          required: true,
          allowedMissing: ['unknown', 'not_applicable'],
          showWhen: 'readmitted',
        }),
        {
          id: 'readmission_reason',
          label: 'Reason',
          type: 'single_choice',
          codeList: 'readmission_reason',
          required: true,
          showWhen: 'readmitted',
        },
        otherSpecify('readmission_reason_other', 'readmission_reason'),
        yesNo('readmission_icu', 'Admitted to an ICU', { showWhen: 'readmitted', allowedMissing: ['unknown'] }),
      ],
    },
    {
      id: 'new_infection',
      label: 'New infections',
      items: [yesNo('new_infection', 'A new infection since the last contact', { allowedMissing: ['unknown'] })],
    },
    {
      id: 'new_infections',
      label: 'New infections, one row each',
      repeating: true,
      items: [
        date('new_infection_on', 'Date of diagnosis', { required: true, showWhen: 'new_infection' }),
        {
          id: 'new_infection_site',
          label: 'Site',
          type: 'single_choice',
          codeList: 'infection_site',
          required: true,
          showWhen: 'new_infection',
        },
        otherSpecify('new_infection_site_other', 'new_infection_site'),
        {
          id: 'new_infection_confirmation',
          label: 'Confirmation',
          type: 'single_choice',
          codeList: 'infection_confirmation',
          required: true,
          showWhen: 'new_infection',
        },
        yesNo('new_infection_hospitalised', 'Needed hospital admission', {
          showWhen: 'new_infection',
          allowedMissing: ['unknown'],
        }),
      ],
    },
    {
      id: 'cardiovascular',
      label: 'Cardiovascular events',
      items: [
        yesNo('cardiovascular_event', 'A cardiovascular event since the last contact', { allowedMissing: ['unknown'] }),
      ],
    },
    {
      id: 'cardiovascular_events',
      label: 'Cardiovascular events, one row each',
      repeating: true,
      items: [
        {
          id: 'cv_event',
          label: 'Event',
          type: 'single_choice',
          codeList: 'cardiovascular_event',
          required: true,
          showWhen: 'cardiovascular_event',
        },
        date('cv_event_on', 'Date', { required: true, allowedMissing: ['unknown'], showWhen: 'cardiovascular_event' }),
        {
          id: 'cv_event_source',
          label: 'Source',
          type: 'single_choice',
          codeList: 'event_source',
          required: true,
          showWhen: 'cardiovascular_event',
        },
      ],
    },
    {
      id: 'health_care_use',
      label: 'Health-care use since the last contact',
      items: [
        count('gp_contacts', 'Contacts with the general practitioner', 30),
        count('outpatient_visits', 'Hospital outpatient visits', 30),
        count('emergency_visits', 'Emergency department visits without admission', 10),
        yesNo('rehabilitation', 'Rehabilitation (inpatient or outpatient)', {
          showWhen: isAlive,
          allowedMissing: ['unknown'],
        }),
        yesNo('physiotherapy', 'Physiotherapy', { showWhen: isAlive, allowedMissing: ['unknown'] }),
        yesNo('home_care', 'Home care', { showWhen: isAlive, allowedMissing: ['unknown'] }),
        yesNo('nursing_home', 'Living in a nursing home', { showWhen: isAlive, allowedMissing: ['unknown'] }),
      ],
    },
  ],
  checks: [
    notAfterContact('died_on', 'The date of death'),
    notAfterContact('readmitted_on', 'The re-admission'),
    notAfterContact('new_infection_on', 'The infection'),
    notAfterContact('cv_event_on', 'The event'),
    {
      id: 'readmission_discharge_after_admission',
      severity: 'hard',
      expression: 'readmission_discharged_on >= readmitted_on',
      message: 'The discharge is before the re-admission',
      items: ['readmission_discharged_on', 'readmitted_on'],
    },
    {
      id: 'cardiovascular_death_means_died',
      severity: 'hard',
      expression: 'cv_event != "cardiovascular_death" || vital_status == "died"',
      message: 'A cardiovascular death is recorded for a participant whose vital status is not "died"',
      items: ['cv_event', 'vital_status'],
    },
  ],
};
