import type { Translations } from '../../../src/core/messages.ts';
import type { exportMessages } from '../../../src/features/exports/messages.ts';

/** The exports slice's messages in Dutch (merged into the server messages in nl-errors.ts). */
export const nlExports: Translations<typeof exportMessages> = {
  unknownTable: (p) => `geen tabel ${p.table} in de export: de tabellen zijn ${p.tables}`,
};
