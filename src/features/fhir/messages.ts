import { defineMessages } from '../../core/messages.ts';

export const fhirMessages = defineMessages('fhir', {
  noMapping: (p: { protocol: string; version: string }) =>
    `protocol ${p.protocol} version ${p.version} has no mapping from the hospital record (FHIR)`,
});
