import { defineMessages } from '../../core/messages.ts';

/** Refusals of a FHIR bundle beyond its shape (which the schema's own messages name). */
export const fhirImportMessages = defineMessages('fhirImport', {
  noEncounter: (p: { id: string }) => `the bundle has no Encounter with id ${p.id}`,
  severalPatients: (p: { count: number }) =>
    `the bundle holds ${p.count} patients: export one patient's record per bundle`,
});
