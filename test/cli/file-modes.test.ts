import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { septype as runSeptype } from '../support/septype-cli.ts';

/**
 * What the command line writes with study data in it is readable by its owner only, however permissive the
 * umask it runs under: the database it creates, a backup (and the folders made for it), a restored database.
 */

const septype = (...args: string[]) => runSeptype(args);
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('septype keeps the files it writes to their owner', () => {
  let umask: number;
  let dir: string;

  beforeAll(() => {
    // The commands inherit it: no umask to hide behind.
    umask = process.umask(0);
    dir = mkdtempSync(join(tmpdir(), 'septype-cli-modes-'));
  });
  afterAll(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, its backup and a restored database 0600, and new folders 0700', async () => {
    const db = join(dir, 'data', 'study.db');
    expect((await septype('site', 'add', '--db', db, '--code', 'NIJ', '--name', 'Nijmegen')).code).toBe(0);
    expect(modeOf(db)).toBe(0o600);
    expect(modeOf(join(dir, 'data'))).toBe(0o700);

    const backup = join(dir, 'backups', 'monday', 'study.bak');
    const saved = await septype('backup', '--db', db, '--out', backup);
    expect(saved.code, saved.stderr).toBe(0);
    expect(modeOf(backup)).toBe(0o600);
    expect(modeOf(join(dir, 'backups'))).toBe(0o700);
    expect(modeOf(join(dir, 'backups', 'monday'))).toBe(0o700);

    const restoredDb = join(dir, 'restored', 'study.db');
    const restored = await septype('restore', '--db', restoredDb, '--from', backup);
    expect(restored.code, restored.stderr).toBe(0);
    expect(modeOf(restoredDb)).toBe(0o600);
    expect((await septype('site', 'list', '--db', restoredDb)).stdout).toContain('NIJ');
  });

  it('refuses to overwrite an existing backup, and leaves none behind when the database is missing', async () => {
    const db = join(dir, 'data', 'study.db');
    const backup = join(dir, 'backups', 'monday', 'study.bak');
    expect((await septype('backup', '--db', db, '--out', backup)).stderr).toContain('exists already');
    const orphan = join(dir, 'backups', 'orphan.bak');
    expect((await septype('backup', '--db', join(dir, 'missing.db'), '--out', orphan)).code).toBe(1);
    expect(existsSync(orphan)).toBe(false);
  });
});
