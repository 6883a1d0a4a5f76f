import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../core/canonical-json.ts';
import type { Database } from '../db/connect.ts';

/**
 * A hash of the study content of a database: every table and column, except exactly what issue 13 lets differ
 * between two runs with the same seed — secrets drawn afresh each run (password hashes, data keys, site secrets,
 * the sealed identities and everything keyed with those secrets) and the audit chain, whose entries seal
 * personal values with those keys — and the bookkeeping of the engine and of migrations (wall-clock times).
 * The determinism test compares it between runs on the same engine (the engines type some values differently).
 */

/** Tables left out whole. */
export const excludedTables: ReadonlySet<string> = new Set([
  'audit_log',
  'audit_head',
  'data_keys',
  'site_secrets',
  'participant_identities',
  'sessions',
  'api_tokens',
  'kysely_migration',
  'kysely_migration_lock',
  'sqlite_sequence',
]);

/** Columns left out, by table. */
export const excludedColumns: Readonly<Record<string, readonly string[]>> = {
  users: ['password_hash', 'totp_secret'],
  // The hospital number's hash is keyed with the site's secret (a new random one each run).
  screenings: ['hospital_number_hash'],
};

/** The one settings row sealed with the data key. */
const excludedSettings = ['data_key_check'];

export async function contentHash(database: Database): Promise<string> {
  // PostgreSQL's introspection lists every schema's tables: only those of the schema in use (tests run side by
  // side in schemas of one database) count, once each.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.kysely)).rows[0]?.schema
      : undefined;
  const tables = [
    ...new Set(
      (await database.kysely.introspection.getTables())
        .filter((table) => schema === undefined || table.schema === schema)
        .map((table) => table.name)
        .filter((name) => !excludedTables.has(name)),
    ),
  ].sort();
  const hash = createHash('sha256');
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.kysely);
    const dropped = excludedColumns[table] ?? [];
    const rows = result.rows
      .filter((row) => table !== 'settings' || !excludedSettings.includes(String(row.name)))
      .map((row) =>
        canonicalJson(Object.fromEntries(Object.entries(row).filter(([column]) => !dropped.includes(column)))),
      )
      .sort();
    hash.update(`${table}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}
