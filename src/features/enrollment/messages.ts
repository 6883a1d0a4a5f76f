import { defineMessages } from '../../core/messages.ts';

export const enrollmentMessages = defineMessages('enrollment', {
  notEligible: () => 'the patient was not eligible at screening',
  notEnrollable: (p: { outcome: string }) => `a screening that is ${p.outcome.replaceAll('_', ' ')} cannot be enrolled`,
  consentRefused: () => 'consent refused: mark the screening as declined instead of enrolling',
  beforeAdmission: () => 'before ICU/MC admission',
  otherHospitalNumber: () => 'not the hospital number given at screening',
  enrolledAlready: (p: { studyId: string }) => `this hospital number is already enrolled as ${p.studyId}`,
});
