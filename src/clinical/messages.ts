import { defineMessages } from '../core/messages.ts';

/** The clinical rules' own input checks (the screening form runs them live in the browser too). */
export const clinicalMessages = defineMessages('clinical', {
  fio2: () => 'FiO2 is a fraction 0.21-1 or a percentage 21-100',
  eitherOr: (p: { a: string; b: string }) => `give ${p.a} or ${p.b}, not both`,
  unknownCorticosteroid: (p: { drug: string; drugs: string }) =>
    `unknown corticosteroid "${p.drug}": use one of ${p.drugs}`,
  eq5d5lProfile: () =>
    'an EQ-5D-5L profile is five digits 1-5, one per dimension in the order MO SC UA PD AD, e.g. "21111"',
});
