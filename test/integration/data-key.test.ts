import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { loadDataKey, openDataKey } from '../../src/db/data-key.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The key that seals identities: made once for a new SQLite database, never silently replaced. */
describe('the data key at start-up', () => {
  const opened: Database[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function newDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'septype-key-'));
    dirs.push(dir);
    const file = join(dir, 'study.db');
    const database = openDatabase(file);
    opened.push(database);
    await migrateToLatest(database);
    return { file, database, config: loadConfig({}, { db: file }) };
  }

  it('creates <db>.key (mode 600) for a new SQLite database and opens it again later', async () => {
    const { file, database, config } = await newDatabase();
    const key = await openDataKey(config, database);
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(await openDataKey(config, database)).toEqual(key);
  });

  it('refuses a key that did not seal this database', async () => {
    const { database, config } = await newDatabase();
    await openDataKey(config, database);
    const wrong = { ...config, dataKey: 'ab'.repeat(32) };
    await expect(openDataKey(wrong, database)).rejects.toThrow(/the data key does not open this database/);
  });

  it('does not make a new key when the key file of a sealed database is lost', async () => {
    const { file, database, config } = await newDatabase();
    await openDataKey(config, database);
    rmSync(`${file}.key`);
    await expect(openDataKey(config, database)).rejects.toThrow(/missing; restore it from the key backup/);
    expect(existsSync(`${file}.key`)).toBe(false);
  });

  it('needs a configured key for PostgreSQL, and a well-formed one', () => {
    expect(() => loadDataKey(loadConfig({}, { db: 'postgres://db.example/septype' }))).toThrow(
      /required with PostgreSQL/,
    );
    expect(() => loadDataKey(loadConfig({ SEPTYPE_DATA_KEY: 'short' }))).toThrow(/not a 32-byte key/);
  });
});
