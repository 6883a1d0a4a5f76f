import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../core/config.ts';
import { ConfigError } from '../core/config.ts';
import type { Kysely } from 'kysely';
import { newKey, parseKey, seal, SealError, unsealText, type Reseal } from '../core/sealing.ts';
import { isPostgresUrl, type Database } from './connect.ts';
import { makePrivateDirectories, privateFileMode } from './private-file.ts';
import type { Tables } from './tables.ts';

/**
 * The data key seals identifying data, per-person data keys and site secrets. It comes from configuration
 * (SEPTYPE_DATA_KEY, or the file SEPTYPE_DATA_KEY_FILE); an embedded SQLite database keeps it beside the
 * file (`<db>.key`, mode 600), made on first start, so that `npm start` needs no set-up. Losing the key
 * loses the identities: it is backed up with the database (docs/operations.md).
 */
export function loadDataKey(config: Config, create = false): Buffer {
  if (config.dataKey !== undefined) return parsed(config.dataKey, 'SEPTYPE_DATA_KEY');
  const file = config.dataKeyFile ?? (isPostgresUrl(config.db) ? undefined : `${resolve(config.db)}.key`);
  if (file === undefined) {
    throw new ConfigError(
      'SEPTYPE_DATA_KEY or SEPTYPE_DATA_KEY_FILE: required with PostgreSQL (32 bytes, hex or base64)',
    );
  }
  if (existsSync(file)) return parsed(readFileSync(file, 'utf8'), file);
  if (!create) throw new ConfigError(`${file}: the data key file is missing; restore it from the key backup`);
  makePrivateDirectories(file);
  writeFileSync(file, `${newKey().toString('hex')}\n`, { mode: privateFileMode, flag: 'wx' });
  chmodSync(file, privateFileMode);
  return parsed(readFileSync(file, 'utf8'), file);
}

/**
 * What can be known of the data key before the database is opened: a configured key that is not a key, a key
 * file that is not one, or PostgreSQL without either. The server checks this before it migrates anything.
 */
export function checkDataKeyConfig(config: Config): void {
  if (config.dataKey !== undefined) parsed(config.dataKey, 'SEPTYPE_DATA_KEY');
  else if (config.dataKeyFile !== undefined && existsSync(config.dataKeyFile)) loadDataKey(config);
  else if (config.dataKeyFile === undefined && isPostgresUrl(config.db)) loadDataKey(config);
}

function parsed(text: string, source: string): Buffer {
  const key = parseKey(text);
  if (key === null) throw new ConfigError(`${source}: not a 32-byte key (64 hex digits or base64)`);
  return key;
}

const checkName = 'data_key_check';
const checkContext = 'settings:data_key_check';

/** Re-seals the key check under a new installation key (src/cli/data-key.ts). */
export async function resealKeyCheck(db: Kysely<Tables>, reseal: Reseal): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', checkName).executeTakeFirst();
  if (row === undefined) return;
  await db
    .updateTable('settings')
    .set({ value: reseal(row.value, checkContext) })
    .where('name', '=', checkName)
    .execute();
}

/** Whether the database was sealed before (then the configured key must open it before anything changes). */
export async function sealedBefore(database: Database): Promise<boolean> {
  try {
    const row = await database.kysely
      .selectFrom('settings')
      .select('name')
      .where('name', '=', checkName)
      .executeTakeFirst();
    return row !== undefined;
  } catch {
    return false; // no settings table yet: a new database (the query ran on its own, outside any transaction)
  }
}

/**
 * The data key for the server, proven to be the one the database was sealed with: the first start seals a
 * known text into `settings` (and, for SQLite without a configured key, creates the key file); every later
 * start must open it. A wrong or lost key stops the server with a message instead of failing on the first
 * identity read, and a database sealed before is never given a new key file by mistake.
 */
export async function openDataKey(config: Config, database: Database): Promise<Buffer> {
  const db = database.kysely;
  const row = await db.selectFrom('settings').select('value').where('name', '=', checkName).executeTakeFirst();
  const key = loadDataKey(config, row === undefined);
  if (row === undefined) {
    await db
      .insertInto('settings')
      .values({ name: checkName, value: seal(key, 'septype', checkContext) })
      .execute();
    return key;
  }
  try {
    unsealText(key, row.value, checkContext);
    return key;
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    throw new ConfigError(
      `the data key does not open this database (${database.location}): wrong SEPTYPE_DATA_KEY or key file`,
    );
  }
}
