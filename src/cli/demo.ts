import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Config } from '../core/config.ts';
import { AppError, InputError } from '../core/errors.ts';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import { checkDataKeyConfig } from '../db/data-key.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { generateDemo, holdsAStudy, type DemoOptions, type DemoResult } from '../demo/generate.ts';
import { parseDemoOptions } from '../demo/options.ts';
import { progressBar } from './progress-bar.ts';
import { truthCsv } from '../demo/truth.ts';
import { dbFlag, parseFlags } from './args.ts';
import { cliConfig } from './context.ts';
import { line, print, printError, type TerminalLine } from './output.ts';

/** `septype demo`: a new database with a synthetic study in progress, its accounts printed once. */
export async function demo(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    patients: { type: 'string' },
    sites: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    truth: { type: 'string' },
  });
  const options: DemoOptions = parseDemoOptions(flags);
  const config = cliConfig(flags.db === undefined ? {} : { db: flags.db });
  const truthPath = resolve(flags.truth ?? besideDatabase(config.db, '.truth.csv'));
  if (!existsSync(dirname(truthPath)) || !statSync(dirname(truthPath)).isDirectory()) {
    throw new InputError('--truth', `--truth: no directory ${dirname(truthPath)} for the truth file`);
  }
  const { result, location } = await createDemo(config, options, truthPath);
  print(...demoAccountsTable(result.users));
  printError(
    line`demo study in ${location}: ${result.screened} screened, ${result.participants} enrolled, as of ${options.asOf} (seed ${options.seed}); truth in ${truthPath}`,
  );
}

/**
 * Fills the new database of `config.db` with the demo study (src/demo) and writes the planted truth to
 * `truthPath`. It writes only into a new SQLite file or a PostgreSQL database without a study, and a failed run
 * on a new file removes it (and the key file it made), so nothing half-written is left that could pass for a
 * study.
 */
export async function createDemo(
  config: Config,
  options: DemoOptions,
  truthPath: string,
): Promise<{ result: DemoResult; location: string }> {
  const target = config.db;
  const postgres = isPostgresUrl(target);
  if (!postgres && existsSync(resolve(target))) {
    throw new InputError('--db', `${resolve(target)} already exists: the demo writes a new database file`);
  }
  checkDataKeyConfig(config);
  const keyFile = postgres ? undefined : `${resolve(target)}.key`;
  const newKeyFile = keyFile !== undefined && config.dataKey === undefined && !existsSync(keyFile);

  const database = openDatabase(target, { poolSize: 4 });
  let finished = false;
  try {
    // Before migrating: a database in use is not touched at all.
    if (postgres && (await holdsAStudy(database))) {
      throw new AppError('conflict', `${database.location} already holds a study: the demo needs an empty database`, {
        field: '--db',
      });
    }
    await migrateToLatest(database);
    const bar = progressBar('demo');
    const result = await generateDemo(database, options, (done, total) => bar.update(done, total));
    bar.finish();
    // generateDemo relaxed durability while it ran (docs/demo.md); the file is complete on disk from here.
    database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    writeFileSync(truthPath, truthCsv(result.truth));
    finished = true;
    return { result, location: database.location };
  } finally {
    await database.close();
    if (!finished && !postgres) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${resolve(target)}${suffix}`, { force: true });
      if (newKeyFile) rmSync(keyFile, { force: true });
    }
  }
}

/** The demo accounts as lines of a table: a header "username role site password", one account a line. */
export function demoAccountsTable(users: DemoResult['users']): TerminalLine[] {
  const rows = users.map((u) => [u.username, u.role, u.site ?? 'all', u.password]);
  const header = ['username', 'role', 'site', 'password'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const pad = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  return [header, ...rows].map((row) => line`${pad(row)}`);
}

/** A file beside the database file; for PostgreSQL, in the working directory, named after the database. */
export function besideDatabase(target: string, suffix: string): string {
  if (!isPostgresUrl(target)) return `${target}${suffix}`;
  return `${basename(new URL(target).pathname) || 'postgres'}${suffix}`;
}
