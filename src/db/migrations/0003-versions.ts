import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Row versions on the objects whose state changes (src/db/claim.ts), and one pending destruction request per
 * participant enforced by the database as well as by the code that widens a pending request.
 */
export const claimableTables = ['sites', 'users', 'screenings', 'participants', 'destructions'] as const;

export function versions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of claimableTables) {
        await db.schema
          .alterTable(table)
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
      await db.schema
        .createIndex('destructions_one_pending')
        .on('destructions')
        .column('participant_id')
        .unique()
        .where(sql.ref('status'), '=', 'pending')
        .execute();
    },
  };
}
