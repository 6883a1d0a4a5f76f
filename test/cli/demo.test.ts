import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/core/permissions.ts';
import { engines } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';

/**
 * `septype demo` from outside (issue 13): a new database with a study, the password table on stdout, the truth CSV
 * beside the database, progress on stderr; bad flags and a database that holds a study are refused, and leave
 * nothing behind.
 */
const dir = mkdtempSync(join(tmpdir(), 'septype-demo-cli-'));
const small = ['--patients', '12', '--sites', '2', '--seed', '5', '--as-of', '2026-06-30'];
const key = { SEPTYPE_DATA_KEY: '0a'.repeat(32) };

describe('septype demo', () => {
  it('fills a new SQLite file, prints the accounts and writes the truth beside it', async () => {
    const db = join(dir, 'demo.db');
    const run = await septype(['demo', '--db', db, ...small]);
    expect(run.stderr).toContain('demo: 100 %');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^username\s+role\s+site\s+password$/);
    const table = lines.slice(1).map((l) => l.split(/\s+/));
    expect(new Set(table.map((cells) => cells[1]))).toEqual(new Set(roles));
    for (const cells of table) expect(cells[3]!.length).toBeGreaterThanOrEqual(12);
    const truth = readFileSync(`${db}.truth.csv`, 'utf8').trim().split('\n');
    expect(truth[0]).toBe('studyId,visit,immunotype');
    expect(truth.length).toBeGreaterThan(1);
    for (const row of truth.slice(1)) expect(row).toMatch(/^[A-Z0-9]+-\d+,(D0|D3|DIS|M3|M12),[a-z]+$/);

    const again = await septype(['demo', '--db', db, ...small]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  }, 60_000);

  it('writes the truth where --truth says', async () => {
    const db = join(dir, 'elsewhere.db');
    const truth = join(dir, 'planted.csv');
    const run = await septype(['demo', '--db', db, ...small, '--truth', truth]);
    expect(run.code).toBe(0);
    expect(readFileSync(truth, 'utf8').startsWith('studyId,visit,immunotype\n')).toBe(true);
    expect(existsSync(`${db}.truth.csv`)).toBe(false);
  }, 60_000);

  it('refuses bad flags naming the flag, leaving no file', async () => {
    const cases: [string[], string][] = [
      [['--patients', '0'], '--patients'],
      [['--patients', 'many'], '--patients'],
      [['--sites', '-1'], '--sites'],
      [['--sites', '5', '--patients', '3'], '--sites'],
      [['--seed', '1.5'], '--seed'],
      [['--as-of', '2026-02-30'], '--as-of'],
      [['--as-of', '2025-06-01'], '--as-of'],
      [['--colour', 'red'], '--colour'],
      [['--truth', join(dir, 'no', 'such', 'dir.csv')], '--truth'],
    ];
    // Side by side: each is a process start and an early refusal.
    await Promise.all(
      cases.map(async ([flags, flag], i) => {
        const db = join(dir, `refused-${i}.db`);
        const run = await septype(['demo', '--db', db, ...flags]);
        expect(run.code, flags.join(' ')).toBe(2);
        expect(run.stderr, flags.join(' ')).toContain(flag);
        expect(existsSync(db), flags.join(' ')).toBe(false);
      }),
    );
  }, 30_000);
});

describe('septype serve --demo', () => {
  it('refuses to serve a real study as the demo, and leaves it as it was', async () => {
    const db = join(dir, 'real.db');
    expect((await septype(['migrate', '--db', db])).code).toBe(0);
    const before = readFileSync(db);
    const run = await septype(['serve', '--demo', '--db', db, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holds a study that is not the demo: serve it without --demo');
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(existsSync(`${db}.accounts.txt`)).toBe(false);
  }, 30_000);
});

describe.each(engines.filter((e) => e.name === 'postgres'))('septype demo on $name', (engine) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('fills an empty database and refuses it the second time', async () => {
    const fresh = await engine.fresh();
    drops.push(() => fresh.drop());
    const truth = join(dir, 'pg.truth.csv');
    const first = await septype(['demo', '--db', fresh.url, ...small, '--truth', truth], { env: key });
    expect(first.stderr).toContain('demo: 100 %');
    expect(first.code).toBe(0);
    const second = await septype(['demo', '--db', fresh.url, ...small, '--truth', truth], { env: key });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already holds a study');
  }, 60_000);
});
