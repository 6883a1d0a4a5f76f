import { defineMessages } from '../../core/messages.ts';

export const screeningMessages = defineMessages('screening', {
  admissionInFuture: () => 'ICU/MC admission is in the future',
  screenedAfterToday: (p: { today: string }) => `screening date is after today (${p.today})`,
  screenedBeforeAdmission: (p: { date: string }) => `screening date is before the ICU/MC admission date (${p.date})`,
  sofaTwice: () => 'give the SOFA-2 total or the SOFA-2 variables, not both',
  outcomeNotAllowed: (p: { from: string; to: string }) =>
    `a screening that is ${p.from.replaceAll('_', ' ')} cannot become ${p.to.replaceAll('_', ' ')}`,
  reasonNotEnrolled: () => 'say why the patient was not enrolled',
  reasonNotApproached: () => 'say why the patient was not approached',
});
