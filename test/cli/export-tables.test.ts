import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { septype } from '../support/septype-cli.ts';

/**
 * `septype export tables` and `septype export redcap` from outside (issue 15 §2–3): a directory of tables with
 * the codebook, scripts and export.json, all or nothing; one site with --site; refusals (exit 2) that name the flag
 * and leave nothing behind.
 */
const dir = mkdtempSync(join(tmpdir(), 'septype-export-cli-'));
const db = join(dir, 'demo.db');

describe('septype export tables', () => {
  beforeAll(async () => {
    const demo = await septype(['demo', '--db', db, '--patients', '24', '--sites', '2', '--seed', '3']);
    expect(demo.code).toBe(0);
  }, 120_000);

  it('writes every table with its codebook, scripts and manifest', async () => {
    const out = join(dir, 'all');
    const run = await septype(['export', 'tables', '--db', db, '--out', out]);
    expect(run.stderr).toMatch(/tables \(csv\) with codebook and scripts/);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout) as { format: string; site: null; tables: { name: string; rows: number }[] };
    expect(manifest).toMatchObject({ format: 'csv', site: null });
    const files = readdirSync(out);
    for (const table of manifest.tables) expect(files).toContain(`${table.name}.csv`);
    expect(files).toEqual(expect.arrayContaining(['codebook.csv', 'codebook.html', 'load.R', 'load.do', 'load.sps']));
    const participants = parse(readFileSync(join(out, 'participants.csv')));
    expect(participants.length - 1).toBe(manifest.tables.find((t) => t.name === 'participants')!.rows);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('writes Parquet, and one site with --site', async () => {
    const out = join(dir, 'site');
    const all = JSON.parse(
      (await septype(['export', 'tables', '--db', db, '--out', join(dir, 'all-pq'), '--format', 'parquet'])).stdout,
    ) as {
      tables: { name: string; rows: number }[];
    };
    expect(readdirSync(join(dir, 'all-pq'))).toContain('form_infection__cultures.parquet');
    const run = await septype([
      'export',
      'tables',
      '--db',
      db,
      '--out',
      out,
      '--site',
      'RUMC',
      '--tables',
      'participants,lab_results',
    ]);
    expect(run.code).toBe(0);
    const one = JSON.parse(run.stdout) as { site: string; tables: { name: string; rows: number }[] };
    expect(one.site).toBe('RUMC');
    expect(one.tables.map((t) => t.name)).toEqual(['participants', 'lab_results']);
    const rows = parse(readFileSync(join(out, 'participants.csv')));
    expect(rows.slice(1).every((r) => r[1] === 'RUMC')).toBe(true);
    expect(rows.length - 1).toBeLessThan(all.tables.find((t) => t.name === 'participants')!.rows);
  });

  it('streams the analysis datasets in batches: the same tables as `analysis datasets` writes', async () => {
    const datasets = await septype(['analysis', 'datasets', '--db', db, '--out', join(dir, 'datasets')]);
    expect(datasets.code).toBe(0);
    const run = await septype([
      'export',
      'tables',
      '--db',
      db,
      '--out',
      join(dir, 'analysis'),
      '--tables',
      'analysis_participants,analysis_samples',
      '--batch-size',
      '5',
    ]);
    expect(run.code).toBe(0);
    for (const table of ['participants', 'samples']) {
      const exported = parse(readFileSync(join(dir, 'analysis', `analysis_${table}.csv`)), { bom: true });
      const written = parse(readFileSync(join(dir, 'datasets', `${table}.csv`)), { bom: true });
      expect(exported.length, table).toBeGreaterThan(1);
      expect(exported, table).toEqual(written);
    }
    // The demo has EQ-5D-5L follow-ups: their visits are columns of both (read by the one query beforehand).
    const rows: string[][] = parse(readFileSync(join(dir, 'analysis', 'analysis_participants.csv')), { bom: true });
    const header = rows[0]!;
    expect(header.some((c) => c.startsWith('eq5d_'))).toBe(true);
  });

  it('refuses, with exit code 2, an unknown site or format, and an --out that is not empty', async () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const cases: [string[], RegExp][] = [
      [['--out', join(dir, 'x1'), '--site', 'NOPE'], /no site with the code NOPE/],
      [['--out', join(dir, 'x2'), '--format', 'xlsx'], /--format must be csv or parquet/],
      [['--out', full], /not empty/],
      [['--out', join(dir, 'x3'), '--tables', 'nothing'], /no table nothing/],
    ];
    for (const [flags, message] of cases) {
      const run = await septype(['export', 'tables', '--db', db, ...flags]);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, 'x1'))).toBe(false);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('septype export redcap', () => {
  it('writes the data dictionary, events, mapping and repeating instruments without a database', async () => {
    const out = join(dir, 'redcap');
    const run = await septype(['export', 'redcap', '--out', out, '--db', join(dir, 'no-such.db')]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'data-dictionary.csv',
      'events.csv',
      'instrument-event-mapping.csv',
      'repeating-instruments.csv',
    ]);
    const dictionary = parse(readFileSync(join(out, 'data-dictionary.csv')));
    expect(dictionary[0]).toHaveLength(18);
    expect(dictionary[1]![0]).toBe('record_id');
    expect(existsSync(join(dir, 'no-such.db'))).toBe(false);
  });
});
