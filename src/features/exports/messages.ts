import { defineMessages } from '../../core/messages.ts';

export const exportMessages = defineMessages('exports', {
  unknownTable: (p: { table: string; tables: string }) =>
    `no table ${p.table} in the export: the tables are ${p.tables}`,
});
