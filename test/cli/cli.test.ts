import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash, type AuditRow } from '../../src/db/audit.ts';
import { engines } from '../support/engines.ts';
import { septype as runSeptype } from '../support/septype-cli.ts';

const septype = (...args: string[]) => runSeptype(args);

const dir = mkdtempSync(join(tmpdir(), 'septype-cli-'));

describe('septype command line', () => {
  it('lists its commands', async () => {
    const run = await septype('--help');
    expect(run.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'user add',
      'user list',
      'user disable',
      'site add',
      'site list',
      'audit verify',
      'backup',
      'restore',
      'data-key rotate',
      'version',
    ]) {
      expect(run.stdout).toContain(command);
    }
  });

  it('prints its version', async () => {
    expect((await septype('version')).stdout).toMatch(/^septype \d+\.\d+\.\d+\n$/);
  });

  it('answers an unknown command, an unknown flag and a missing flag with one line and exit 2', async () => {
    for (const [args, mention] of [
      [['frobnicate'], 'frobnicate'],
      [['site', 'add', '--colour', 'red'], '--colour'],
      [['site', 'add', '--db', join(dir, 'x.db'), '--name', 'No code'], '--code'],
      [['site', 'add', '--db', join(dir, 'x.db'), '--code', 'N-1', '--name', 'Bad code'], '--code'],
      [
        ['user', 'add', '--db', join(dir, 'x.db'), '--username', 'a', '--display-name', 'A', '--role', 'janitor'],
        '--role',
      ],
    ] as const) {
      const run = await septype(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toContain(mention);
    }
  });

  it('refuses to read a database that does not exist, and leaves no file behind', async () => {
    const missing = join(dir, 'missing.db');
    const run = await septype('user', 'list', '--db', missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no database at');
    expect((await septype('audit', 'verify', '--db', missing)).code).toBe(1);
    expect(existsSync(missing)).toBe(false);
  });

  it('says to use pg_dump for PostgreSQL backups', async () => {
    const run = await septype('backup', '--db', 'postgres://localhost/septype', '--out', join(dir, 'pg.bak'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pg_dump');
  });
});

describe.each(engines)('septype command line on $name', (engine) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('migrates, adds sites and users, lists and disables them, and verifies the audit trail', async () => {
    const fresh = await engine.fresh();
    drops.push(() => fresh.drop());
    const db = fresh.url;
    expect((await septype('migrate', '--db', db)).stdout).toContain('applied 0001-foundation');
    expect((await septype('migrate', '--db', db)).stdout).toContain('schema is current');

    const site = await septype('site', 'add', '--db', db, '--code', 'nij', '--name', 'Radboudumc Nijmegen');
    expect(site.code).toBe(0);
    expect(site.stdout).toContain('created site NIJ');
    expect((await septype('site', 'add', '--db', db, '--code', 'NIJ', '--name', 'Again')).code).toBe(1);
    expect((await septype('site', 'list', '--db', db)).stdout).toContain(
      'NIJ\tRadboudumc Nijmegen\tEurope/Amsterdam\tactive',
    );

    const added = await septype(
      'user',
      'add',
      '--db',
      db,
      '--username',
      'nurse',
      '--display-name',
      'Nurse Nijmegen',
      '--role',
      'site_coordinator',
      '--site',
      'NIJ',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/one-time password \(shown once\): \S{20}/);
    await septype(
      'user',
      'add',
      '--db',
      db,
      '--username',
      'boss',
      '--display-name',
      'Admin',
      '--role',
      'administrator',
    );
    expect(
      (
        await septype(
          'user',
          'add',
          '--db',
          db,
          '--username',
          'x',
          '--display-name',
          'X',
          '--role',
          'monitor',
          '--site',
          'ZZZ',
        )
      ).stderr,
    ).toContain('no site with code ZZZ');

    expect((await septype('user', 'disable', '--db', db, '--username', 'nurse')).code).toBe(0);
    const list = JSON.parse((await septype('user', 'list', '--db', db, '--json')).stdout) as {
      username: string;
      disabledAt: string | null;
    }[];
    expect(list.find((u) => u.username === 'nurse')?.disabledAt).not.toBeNull();

    const verify = await septype('audit', 'verify', '--db', db);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit trail intact: \d+ entries/);
  });
});

describe('septype audit verify, backup and restore on a SQLite file', () => {
  const db = join(dir, 'study.db');

  it('lets commands run at the same time on one new SQLite database: each waits for the other, none fails', async () => {
    const db = join(dir, 'together.db');
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        septype(
          'user',
          'add',
          '--db',
          db,
          '--username',
          `together${i}`,
          '--display-name',
          `T ${i}`,
          '--role',
          'monitor',
        ),
      ),
    );
    expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, '']));
    const list = await septype('user', 'list', '--db', db, '--json');
    expect((JSON.parse(list.stdout) as { username: string }[]).map((u) => u.username).sort()).toEqual([
      'together1',
      'together2',
      'together3',
      'together4',
    ]);
  });

  it('exits 1 and names the entry when someone edits the audit trail', async () => {
    await septype('site', 'add', '--db', db, '--code', 'NIJ', '--name', 'Nijmegen');
    await septype('site', 'add', '--db', db, '--code', 'AMS', '--name', 'Amsterdam');
    const intact = await septype('audit', 'verify', '--db', db);
    const anchor = /anchor \(keep outside the database\): (\S+)/.exec(intact.stdout)?.[1] ?? '';
    const backup = join(dir, 'study.bak');
    const saved = await septype('backup', '--db', db, '--out', backup);
    expect(saved.code).toBe(0);
    expect((await septype('backup', '--db', db, '--out', backup)).stderr).toContain('exists already');

    const raw = new SQLite(db);
    raw.exec('drop trigger audit_log_no_update');
    raw.prepare("update audit_log set actor = 'someone else' where seq = 1").run();
    raw.close();
    const broken = await septype('audit', 'verify', '--db', db);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('BROKEN at entry 1');

    // A trail rewritten from the start verifies as a chain, but not against an anchor kept outside.
    expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await septype('audit', 'verify', '--db', backup, '--anchor', anchor)).code).toBe(0);
    expect((await septype('audit', 'verify', '--db', backup, '--anchor', 'nonsense')).code).toBe(2);

    // The backup taken before the edit restores an intact trail.
    expect((await septype('restore', '--db', db, '--from', backup)).stderr).toContain('--force');
    const restored = await septype('restore', '--db', db, '--from', backup, '--force');
    expect(restored.code).toBe(0);
    expect((await septype('audit', 'verify', '--db', db)).code).toBe(0);
    expect((await septype('site', 'list', '--db', db)).stdout).toContain('AMS');

    // A damaged backup is refused before anything is replaced.
    const tampered = new SQLite(backup);
    tampered.exec('drop trigger audit_log_no_delete');
    tampered.prepare('delete from audit_log where seq = 2').run();
    tampered.close();
    const refused = await septype('restore', '--db', db, '--from', backup, '--force');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('audit trail broken at lane 1, position 2');
    expect((await septype('audit', 'verify', '--db', db)).code).toBe(0);

    // Someone with write access rewrites the whole trail with correct hashes: only the anchor catches it.
    const rewrite = new SQLite(db);
    rewrite.exec('drop trigger audit_log_no_update');
    const rows = rewrite.prepare('select * from audit_log order by seq').all() as AuditRow[];
    let prev = '0'.repeat(64);
    for (const row of rows) {
      const forged = { ...row, actor: row.seq === 1 ? 'forger' : row.actor, prev_hash: prev };
      forged.hash = chainHash(prev, forged);
      rewrite
        .prepare('update audit_log set actor = ?, prev_hash = ?, hash = ? where seq = ?')
        .run(forged.actor, forged.prev_hash, forged.hash, row.seq);
      prev = forged.hash;
    }
    rewrite.prepare('update audit_head set hash = ? where lane = 1').run(prev);
    rewrite.close();
    expect((await septype('audit', 'verify', '--db', db)).code).toBe(0);
    const caught = await septype('audit', 'verify', '--db', db, '--anchor', anchor);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain('does not match the anchor');
  });
});
