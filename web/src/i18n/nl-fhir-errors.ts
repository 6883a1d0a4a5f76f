import type { Translations } from '../../../src/core/messages.ts';
import type { fhirMessages } from '../../../src/features/fhir/messages.ts';
import type { fhirImportMessages } from '../../../src/interop/fhir/messages.ts';

/** The FHIR import's messages in Dutch (merged into the server messages in nl-errors.ts). */
export const nlFhirErrors: Translations<typeof fhirMessages> = {
  noMapping: (p) => `protocol ${p.protocol} versie ${p.version} heeft geen koppeling met het ziekenhuisdossier (FHIR)`,
};

export const nlFhirImportErrors: Translations<typeof fhirImportMessages> = {
  noEncounter: (p) => `de bundel heeft geen Encounter met id ${p.id}`,
  severalPatients: (p) => `de bundel bevat ${p.count} patiënten: exporteer het dossier van één patiënt per bundel`,
};
