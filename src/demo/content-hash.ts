import { createHash } from 'node:crypto';
import type { Database } from '../db/connect.ts';
import { tableDigests } from '../db/table-digests.ts';

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
  const digests = await tableDigests(database, {
    excludedTables,
    excludedColumns,
    keepRow: (table, row) => table !== 'settings' || !excludedSettings.includes(String(row.name)),
  });
  const hash = createHash('sha256');
  for (const [table, digest] of digests) hash.update(`${table} ${digest.sha256}\n`);
  return hash.digest('hex');
}
