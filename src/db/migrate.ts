import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import { AppError } from '../core/errors.ts';
import type { Database } from './connect.ts';
import { foundation } from './migrations/0001-foundation.ts';
import { participants } from './migrations/0002-participants.ts';
import { versions } from './migrations/0003-versions.ts';

/** The one migration set: each entry runs on both engines (a migration branches on the dialect only where SQL differs). */
function migrationsFor(database: Database): Record<string, Migration> {
  return {
    '0001-foundation': foundation(database.dialect),
    '0002-participants': participants(database.dialect),
    '0003-versions': versions(),
  };
}

async function migratorFor(database: Database): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables by name in every schema unless told which one; on a shared
  // PostgreSQL server another schema's tables would fool it.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.kysely)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: database.kysely,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(database)) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

export interface MigrationOutcome {
  applied: string[];
}

/** Brings the schema up to date; running it on a current database does nothing. */
export async function migrateToLatest(database: Database): Promise<MigrationOutcome> {
  const result: MigrationResultSet = await (await migratorFor(database)).migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new AppError('internal', `migration ${failed} failed on ${database.location}: ${reason}`);
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

export interface MigrationStatus {
  current: boolean;
  pending: string[];
  latest: string | null;
}

export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const migrations = await (await migratorFor(database)).getMigrations();
  const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  return { current: pending.length === 0, pending, latest: migrations.at(-1)?.name ?? null };
}
