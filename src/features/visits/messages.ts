import { defineMessages } from '../../core/messages.ts';

export const visitMessages = defineMessages('visits', {
  unknownVisit: (p: { visits: string }) => `unknown visit; one of ${p.visits}`,
  recordedAlready: (p: { visit: string }) => `${p.visit} is recorded already; give a reason to change it`,
  doneHasNoMissedReason: () => 'a visit that was done has no missed reason',
  whenDone: () => 'when was the visit done?',
  inFuture: () => 'in the future',
  beforeAdmission: () => 'before ICU/MC admission',
  afterFollowUpStopped: (p: { date: string }) => `follow-up stopped on ${p.date}; no visits after that date`,
  bloodDrawn: () => 'was blood drawn?',
  whyNoBlood: () => 'say why no blood was drawn',
  noBloodNoTubes: () => 'no blood drawn, so no tubes',
  bloodWasDrawn: () => 'blood was drawn',
  unknownTube: (p: { tube: string; tubes: string }) => `unknown tube ${p.tube}; one of ${p.tubes}`,
  whichTubes: () => 'which tubes were drawn?',
  overLimit: (p: { totalMl: number; limitMl: number }) =>
    `${p.totalMl} mL is over the ${p.limitMl} mL limit per visit: draw fewer tubes, or document the deviation (volumeDeviationReason)`,
  withinLimit: (p: { limitMl: number }) => `within the ${p.limitMl} mL limit: no deviation to document`,
  whyMissed: () => 'say why the visit was missed',
  missedHasNo: (p: { field: string }) => `a missed visit has no ${p.field}`,
});
