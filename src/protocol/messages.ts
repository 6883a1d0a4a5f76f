import { defineMessages } from '../core/messages.ts';

/** The messages of the protocol's own rules (consent, the schedule), which the services report as input errors. */
export const consentRuleMessages = defineMessages('consentRules', {
  unknownType: (p: { types: string }) => `unknown consent type; one of ${p.types}`,
  dateAfterToday: (p: { today: string }) => `the consent date is after today (${p.today})`,
  decisionNeeded: () => 'given or refused?',
  deferralHasNoDecision: () => 'a deferred consent has no decision yet; record the decision when it is asked',
  unknownLetter: (p: { versions: string }) => `unknown information letter version; one of ${p.versions}`,
  letterNeeded: () => 'which version of the information letter was read?',
  unknownOptionalItem: (p: { code: string }) => `unknown optional item ${p.code}`,
  dueAfterDeferral: () => 'the due date must be after the deferral',
  dueOnlyForDeferral: () => 'only a deferred consent has a due date',
});

export const scheduleMessages = defineMessages('schedule', {
  beforeAdmissionDate: (p: { date: string }) => `before the date of ICU admission (${p.date})`,
  beforeAdmission: () => 'before ICU admission',
  afterDeath: () => 'after the date of death',
  afterDischarge: () => 'after the hospital discharge date',
  timeZone: () => 'an IANA time zone such as Europe/Amsterdam',
});
