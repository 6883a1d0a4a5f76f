import { defineMessages } from '../../core/messages.ts';

export const participantMessages = defineMessages('participants', {
  identityForSiteStaff: () => "only the site's own coordinators and investigators see identities",
  hospitalNumberFixed: () => 'the hospital number identifies the enrolled person and cannot be changed',
  noIdentity: (p: { participantId: number }) => `participant ${p.participantId} has no identity on record`,
  afterToday: (p: { today: string }) => `after today (${p.today})`,
  beforeAdmission: (p: { date: string }) => `before ICU/MC admission (${p.date})`,
  placeForDeathOnly: () => 'a place is recorded for a death only',
  destinationForTransferOnly: () => 'a destination is recorded for a transfer only',
  eventOnRecord: (p: { kind: string; date: string }) =>
    `a ${p.kind.replaceAll('_', ' ')} is on record already (${p.date}); give a reason to change it`,
});
