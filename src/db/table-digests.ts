import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../core/canonical-json.ts';
import type { Database } from './connect.ts';

/** One table's rows and a hash of their content, independent of row order. */
export interface TableDigest {
  rows: number;
  sha256: string;
}

export interface DigestOptions {
  /** Tables left out whole. */
  excludedTables?: ReadonlySet<string>;
  /** Columns left out, by table. */
  excludedColumns?: Readonly<Record<string, readonly string[]>>;
  /** Rows left out (a row is kept when this answers true). */
  keepRow?: (table: string, row: Record<string, unknown>) => boolean;
}

/**
 * Every table of the database in use, with its row count and a content hash: what a backup and its restore
 * must agree on, and what two demo runs with one seed must agree on (with the parts that may differ left out).
 * Rows are compared as canonical JSON, sorted, so the physical order does not count; the engines type some
 * values differently, so compare digests made on one engine.
 */
export async function tableDigests(database: Database, options: DigestOptions = {}): Promise<Map<string, TableDigest>> {
  // PostgreSQL's introspection lists every schema's tables: only those of the schema in use count (tests run
  // side by side in schemas of one database), once each.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.kysely)).rows[0]?.schema
      : undefined;
  const tables = [
    ...new Set(
      (await database.kysely.introspection.getTables())
        .filter((table) => schema === undefined || table.schema === schema)
        .map((table) => table.name)
        .filter((name) => options.excludedTables?.has(name) !== true),
    ),
  ].sort();
  const digests = new Map<string, TableDigest>();
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.kysely);
    const dropped = options.excludedColumns?.[table] ?? [];
    const rows = result.rows
      .filter((row) => options.keepRow?.(table, row) ?? true)
      .map((row) =>
        canonicalJson(Object.fromEntries(Object.entries(row).filter(([column]) => !dropped.includes(column)))),
      )
      .sort();
    digests.set(table, {
      rows: rows.length,
      sha256: createHash('sha256')
        .update(`${table}\n${rows.join('\n')}\n`)
        .digest('hex'),
    });
  }
  return digests;
}
