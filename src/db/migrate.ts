import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import { AppError } from '../core/errors.ts';
import type { Database } from './connect.ts';
import { foundation } from './migrations/0001-foundation.ts';

/** The one migration set: each entry runs on both engines (a migration branches on the dialect only where SQL differs). */
function migrationsFor(database: Database): Record<string, Migration> {
  return {
    '0001-foundation': foundation(database.dialect),
  };
}

function migratorFor(database: Database): Migrator {
  return new Migrator({
    db: database.kysely,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(database)) },
  });
}

export interface MigrationOutcome {
  applied: string[];
}

/** Brings the schema up to date; running it on a current database does nothing. */
export async function migrateToLatest(database: Database): Promise<MigrationOutcome> {
  const result: MigrationResultSet = await migratorFor(database).migrateToLatest();
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
  const migrations = await migratorFor(database).getMigrations();
  const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  return { current: pending.length === 0, pending, latest: migrations.at(-1)?.name ?? null };
}
