import type { IdentityInput, IdentityView } from '../api/types.ts';

export const identityFields = ['name', 'hospitalNumber', 'dateOfBirth', 'phone', 'generalPractitioner'] as const;
export type IdentityValues = Record<(typeof identityFields)[number], string>;

export function initialIdentity(identity: IdentityView | null): IdentityValues {
  return {
    name: identity?.name ?? '',
    hospitalNumber: identity?.hospitalNumber ?? '',
    dateOfBirth: identity?.dateOfBirth ?? '',
    phone: identity?.phone ?? '',
    generalPractitioner: identity?.generalPractitioner ?? '',
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

export function toIdentityInput(values: IdentityValues): IdentityInput {
  return {
    name: values.name.trim(),
    hospitalNumber: values.hospitalNumber.trim(),
    dateOfBirth: orNull(values.dateOfBirth),
    phone: orNull(values.phone),
    generalPractitioner: orNull(values.generalPractitioner),
  };
}
