import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { loadDataKey } from '../../src/db/data-key.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/**
 * The files that hold study data are readable by their owner only, however permissive the process's umask:
 * the SQLite database with its WAL and shared-memory files, and the data key; the folders made for them too.
 * (Backups: test/cli/file-modes.test.ts.)
 */

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files with study data', () => {
  let umask: number;
  let dir: string;

  beforeAll(() => {
    // No umask to hide behind: the modes come from the code, not from the environment.
    umask = process.umask(0);
    dir = mkdtempSync(join(tmpdir(), 'septype-modes-'));
  });
  afterAll(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a SQLite database, its WAL and shared-memory files 0600, in new folders 0700', async () => {
    const file = join(dir, 'new', 'data', 'study.db');
    const database = openDatabase(file);
    try {
      await migrateToLatest(database);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(path), path).toBe(0o600);
    } finally {
      await database.close();
    }
    expect(modeOf(join(dir, 'new'))).toBe(0o700);
    expect(modeOf(join(dir, 'new', 'data'))).toBe(0o700);
  });

  it('creates the data key file beside the database 0600, in a new folder 0700', () => {
    const file = join(dir, 'keyed', 'study.db');
    loadDataKey(loadConfig({}, { db: file }), true);
    expect(modeOf(`${file}.key`)).toBe(0o600);
    expect(modeOf(join(dir, 'keyed'))).toBe(0o700);
  });

  it('leaves the mode of an existing database as the operator set it', async () => {
    const file = join(dir, 'shared.db');
    closeSync(openSync(file, 'w'));
    chmodSync(file, 0o640);
    const database = openDatabase(file);
    await database.close();
    expect(modeOf(file)).toBe(0o640);
  });
});
