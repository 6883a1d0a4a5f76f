import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest, migrationStatus } from '../../src/db/migrate.ts';
import { engines } from '../support/engines.ts';

async function schemaOf(database: Database): Promise<string[]> {
  const rows =
    database.dialect === 'sqlite'
      ? await sql<{ item: string }>`select type || ':' || name as item from sqlite_master order by type, name`.execute(
          database.kysely,
        )
      : await sql<{ item: string }>`
          select 'table:' || table_name || '.' || column_name as item from information_schema.columns
          where table_schema = current_schema() order by table_name, column_name`.execute(database.kysely);
  return rows.rows.map((r) => r.item);
}

describe.each(engines)('migrations on $name', (engine) => {
  it('apply to a new database, and a second run changes nothing', async () => {
    const fresh = await engine.fresh();
    const database = openDatabase(fresh.url);
    try {
      expect((await migrationStatus(database)).current).toBe(false);
      const first = await migrateToLatest(database);
      expect(first.applied).toEqual([
        '0001-foundation',
        '0002-participants',
        '0003-versions',
        '0004-forms',
        '0005-biobank',
        '0006-analysis',
      ]);
      const schema = await schemaOf(database);
      const head = await database.kysely.selectFrom('audit_head').selectAll().execute();

      const second = await migrateToLatest(database);
      expect(second.applied).toEqual([]);
      expect(await schemaOf(database)).toEqual(schema);
      expect(await database.kysely.selectFrom('audit_head').selectAll().execute()).toEqual(head);
      expect(await migrationStatus(database)).toMatchObject({ current: true, pending: [] });
    } finally {
      await database.close();
      await fresh.drop();
    }
  });
});
