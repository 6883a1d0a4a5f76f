import { defineMessages } from '../../core/messages.ts';

export const consentMessages = defineMessages('consent', {
  leftStudy: (p: { studyId: string; reason: string }) =>
    `${p.studyId} has left the study (${p.reason.replaceAll('_', ' ')})`,
  unknownScope: (p: { scopes: string }) => `unknown scope; one of ${p.scopes}`,
  unknownRequester: (p: { requesters: string }) => `one of ${p.requesters}`,
  withdrawnAlready: (p: { studyId: string }) => `${p.studyId} has withdrawn already`,
  beforeEnrollment: (p: { date: string }) => `before enrollment (${p.date})`,
});
