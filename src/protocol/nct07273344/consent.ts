import type { ConsentDefinition, WithdrawalDefinition } from '../consent.ts';

/**
 * Consent and withdrawal in the sepsis immunotype cohort (study-protocol.md "Consent"). The due time of a
 * deferred consent and the optional items are our decisions (docs/participants.md), to be set by the study.
 */
export const consent: ConsentDefinition = {
  types: [
    { code: 'patient', name: 'Patient', kind: 'decision' },
    { code: 'legal_representative', name: 'Legal representative', kind: 'decision' },
    { code: 'deferred', name: 'Deferred consent', kind: 'deferral' },
  ],
  deferredDueDays: 14,
  informationLetterVersions: ['1.0'],
  optionalItems: [
    { code: 'future_research', name: 'Samples may be used for future research' },
    { code: 'follow_up_contact', name: 'May be contacted for follow-up' },
  ],
};

export const withdrawal: WithdrawalDefinition = {
  scopes: [
    {
      code: 'stop_follow_up',
      name: 'Stop follow-up, keep data and samples',
      destroySamples: false,
      destroyData: false,
    },
    { code: 'destroy_samples', name: 'Stop follow-up and destroy samples', destroySamples: true, destroyData: false },
    {
      code: 'destroy_data_and_samples',
      name: 'Stop follow-up, destroy samples and data',
      destroySamples: true,
      destroyData: true,
    },
  ],
  requesters: [
    { code: 'participant', name: 'Participant' },
    { code: 'legal_representative', name: 'Legal representative' },
    { code: 'investigator', name: 'Investigator (e.g. safety)' },
  ],
};
