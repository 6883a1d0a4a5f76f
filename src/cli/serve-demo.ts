import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import { isPostgresUrl, openDatabase, type Database } from '../db/connect.ts';
import { createPrivateFile } from '../db/private-file.ts';
import { holdsAStudy } from '../demo/generate.ts';
import { demoDefaults } from '../demo/options.ts';
import { dayMs, isoDate } from '../demo/time.ts';
import { readDemoMark } from '../features/study/public.ts';
import { stderrLogger } from './context.ts';
import { besideDatabase, createDemo, demoAccountsTable } from './demo.ts';
import { line, print } from './output.ts';

/** `npm start` is `serve --demo`: this database unless --db names another. */
export const demoDatabase = 'data/demo.db';

/**
 * `serve --demo`: on the first start the database is filled with the demo study (src/demo), generated up to
 * yesterday so that nothing in it lies ahead of the server's clock, and its accounts are printed and kept in a
 * file beside the database for later starts (synthetic accounts of a study with fake people; the file is the
 * owner's only). A later start serves the demo as it is; a database holding a real study is refused.
 */
export async function prepareDemo(config: Config, clock: Clock): Promise<void> {
  if (!(await isEmpty(config.db))) return;
  const accountsPath = accountsFile(config);
  const asOf = isoDate(clock.now().getTime() - dayMs);
  stderrLogger.info(
    `creating the demo study (${demoDefaults.patients} patients at ${demoDefaults.sites} sites, up to ${asOf}): about half a minute`,
  );
  const { result, location } = await createDemo(
    config,
    { ...demoDefaults, asOf },
    resolve(besideDatabase(config.db, '.truth.csv')),
  );
  const table = demoAccountsTable(result.users);
  createPrivateFile(accountsPath);
  writeFileSync(accountsPath, `${table.join('\n')}\n`);
  const rule = '='.repeat(72);
  print(
    line`${rule}`,
    line`Demo study created in ${location}: ${result.screened} screened, ${result.participants} enrolled.`,
    line`Synthetic patients only. Its accounts (also in ${accountsPath}):`,
    ...table,
    line`${rule}`,
  );
}

/** Refuses to serve a real study as the demo (its banner would be missing, and nothing here may change it). */
export async function requireDemo(config: Config, database: Database): Promise<void> {
  const mark = await readDemoMark(database.kysely);
  if (mark === null) {
    throw new InputError('--demo', `${database.location} holds a study that is not the demo: serve it without --demo`);
  }
  stderrLogger.info(`the demo study, generated up to ${mark.asOf}; its accounts are in ${accountsFile(config)}`);
}

const accountsFile = (config: Config) => resolve(besideDatabase(config.db, '.accounts.txt'));

async function isEmpty(target: string): Promise<boolean> {
  if (!isPostgresUrl(target)) return !existsSync(resolve(target));
  const database = openDatabase(target, { poolSize: 1 });
  try {
    return !(await holdsAStudy(database));
  } finally {
    await database.close();
  }
}
