import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '../core/errors.ts';
import { loadConfig, type Config } from '../core/config.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { isPostgresUrl, openDatabase, type Database } from '../db/connect.ts';
import { loadDataKey } from '../db/data-key.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { study } from '../protocol/nct07273344/protocol.ts';
import type { AppContext, CallContext, Logger } from '../kernel/context.ts';
import { line, printError } from './output.ts';

/** Messages for the person at the terminal go to stderr; stdout is kept for results. */
export const stderrLogger: Logger = {
  info: (a: unknown, b?: string) => printError(line`${b ?? String(a)}`),
  warn: (a: unknown, b?: string) => printError(line`warning: ${b ?? String(a)}`),
  error: (a: unknown, b?: string) => printError(line`error: ${b ?? String(a)}`),
};

export function cliConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, overrides);
}

/**
 * Opens the database named by --db (else SEPTYPE_DB, else ./data/septype.db). `create` commands may
 * start a new SQLite file; the others refuse to, so that a typo in --db does not leave an empty file.
 */
export function openForCli(dbFlag: string | undefined, mode: 'existing' | 'create'): AppContext {
  const config = cliConfig(dbFlag === undefined ? {} : { db: dbFlag });
  if (mode === 'existing' && !isPostgresUrl(config.db) && !existsSync(resolve(config.db))) {
    throw new AppError('not_found', `no database at ${resolve(config.db)}`, { field: '--db' });
  }
  return appContextFor(config, openDatabase(config.db, { poolSize: 2 }), systemClock);
}

/**
 * The application context of a command or the server. The server passes the data key it checked at start;
 * a command reads it when first needed, so that commands without identities run without it.
 */
export function appContextFor(config: Config, database: Database, clock: Clock, checkedKey?: Buffer): AppContext {
  let key = checkedKey;
  const dataKey = () => (key ??= loadDataKey(config));
  return { database, config, clock, logger: stderrLogger, study, dataKey };
}

/** Commands act as the operator at the terminal, recorded in the audit trail as `cli:<os user>`. */
export function operatorContext(app: AppContext): CallContext {
  return { ...app, caller: { kind: 'operator', name: `cli:${userInfo().username}` }, source: 'cli', requestId: null };
}

export async function withDatabase<T>(
  dbFlag: string | undefined,
  mode: 'existing' | 'create',
  work: (app: AppContext) => Promise<T>,
): Promise<T> {
  const app = openForCli(dbFlag, mode);
  try {
    if (mode === 'create') await migrateToLatest(app.database);
    return await work(app);
  } finally {
    await app.database.close();
  }
}
