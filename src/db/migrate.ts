import { sql, type Migration, type QueryExecutorProvider } from 'kysely';
import { AppError } from '../core/errors.ts';
import type { Database } from './connect.ts';
import { foundation } from './migrations/0001-foundation.ts';
import { participants } from './migrations/0002-participants.ts';
import { versions } from './migrations/0003-versions.ts';
import { forms } from './migrations/0004-forms.ts';
import { biobank } from './migrations/0005-biobank.ts';
import { analysis } from './migrations/0006-analysis.ts';

/** The one migration set: each entry runs on both engines (a migration branches on the dialect only where SQL differs). */
function migrationsFor(database: Database): Record<string, Migration> {
  return {
    '0001-foundation': foundation(database.dialect),
    '0002-participants': participants(database.dialect),
    '0003-versions': versions(),
    '0004-forms': forms(database.dialect),
    '0005-biobank': biobank(database.dialect),
    '0006-analysis': analysis(database.dialect),
  };
}

/**
 * Applied migrations are listed in `kysely_migration` (the table Kysely's migrator kept, so databases made
 * before stay current). We do not use Kysely's migrator: it looks for its tables by listing every table of
 * every schema, which fails on PostgreSQL while another schema is being dropped (a shared server, our own
 * parallel tests: "schema t_… does not exist" from a health check or a `user add`).
 */
const bookkeeping = 'kysely_migration';

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings the schema up to date; running it on a current database does nothing. All pending migrations run in
 * one transaction (both engines have transactional DDL), under a lock so that two processes starting at once
 * (two servers, a server and `septype migrate`) do not both apply one.
 */
export async function migrateToLatest(database: Database): Promise<MigrationOutcome> {
  const migrations = migrationsFor(database);
  let failed = 'unknown';
  try {
    return await database.kysely.transaction().execute(async (trx) => {
      if (database.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.${sql.raw(bookkeeping)}'))`.execute(trx);
      }
      await sql`create table if not exists ${sql.table(bookkeeping)} (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
        trx,
      );
      const done = new Set(await appliedNames(trx));
      const applied: string[] = [];
      for (const [name, migration] of Object.entries(migrations)) {
        if (done.has(name)) continue;
        failed = name;
        await migration.up(trx);
        await sql`insert into ${sql.table(bookkeeping)} (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
          trx,
        );
        applied.push(name);
      }
      return { applied };
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new AppError('internal', `migration ${failed} failed on ${database.location}: ${reason}`);
  }
}

export interface MigrationStatus {
  current: boolean;
  pending: string[];
  latest: string | null;
}

export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const names = Object.keys(migrationsFor(database));
  const done = new Set(await appliedNames(database.kysely).catch(() => [] as string[]));
  const pending = names.filter((name) => !done.has(name));
  return { current: pending.length === 0, pending, latest: names.at(-1) ?? null };
}

/** The migrations applied, from the bookkeeping table of the current schema (its absence: none). */
async function appliedNames(db: QueryExecutorProvider): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from ${sql.table(bookkeeping)}`.execute(db);
  return rows.rows.map((row) => row.name);
}
