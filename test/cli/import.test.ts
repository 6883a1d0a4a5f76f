import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { processedVisit, type ProcessedVisit } from '../support/lab-fixtures.ts';
import { septype } from '../support/septype-cli.ts';
import { enrolled, studySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * `septype import results` (the fixed contract of issue 12): `--db --file --format long|wide|olink [--lab]
 * [--dry-run] [--accept-partial]`, printing `{rows, imported, errors: [{line, column, problem}]}`, exit 2 when the
 * file has errors and nothing was stored.
 */
describe.each(engines)('septype import results on $name', (engine) => {
  let t: TestApp;
  let samples: ProcessedVisit;
  let participantId: number;
  const dir = mkdtempSync(join(tmpdir(), 'septype-import-'));

  beforeAll(async () => {
    t = await startTestApp(engine);
    const site = await studySite(t);
    participantId = (await enrolled(site.nurse, site.siteId)).id;
    samples = await processedVisit(site.nurse, participantId);
  });
  afterAll(() => t.close());

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const run = (...args: string[]) => septype(['import', 'results', '--db', t.appContext.config.db, ...args]);
  const stored = async () =>
    (await t.raw.selectFrom('lab_results').select('analyte').where('participant_id', '=', participantId).execute()).map(
      (r) => r.analyte,
    );
  const plasma = () => samples.aliquots.plasma![0]!;

  const withTwoBadRows = () =>
    [
      'SampleID;Analyte;Value;Unit',
      `${plasma()};IL-6;12,5;pg/mL`,
      `${plasma()};IL-10;n.b.;pg/mL`,
      `NOPE;TNF;3;pg/mL`,
      `${plasma()};IL-8;40;pg/mL`,
    ].join('\r\n');

  it('stores nothing from a file with errors: exit 2 and exactly {rows, imported, errors} with line, column and problem', async () => {
    const path = file('bad.csv', withTwoBadRows());
    const result = await run('--file', path, '--format', 'long');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['rows', 'imported', 'errors']);
    expect(report).toEqual({
      rows: 4,
      imported: 0,
      errors: [
        { line: 3, column: 3, problem: '"n.b." is not a number' },
        { line: 4, column: 1, problem: 'unknown sample NOPE' },
      ],
    });
    expect(await stored()).toEqual([]);
  });

  it('checks without storing with --dry-run, and stores the valid rows with --accept-partial', async () => {
    const path = file('partial.csv', withTwoBadRows());
    const dry = await run('--file', path, '--format', 'long', '--dry-run');
    expect(dry.code).toBe(2);
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 4, imported: 0 });
    expect(dry.stderr).toMatch(/dry run: 2 of 4 rows valid; nothing stored/);

    const partial = await run('--file', path, '--format', 'long', '--accept-partial');
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.stdout)).toMatchObject({ rows: 4, imported: 2 });
    expect((await stored()).sort()).toEqual(['il6', 'il8']);

    const again = await run('--file', path, '--format', 'long', '--accept-partial');
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'conflict' } });
  });

  it('refuses bad flags with exit 2, a JSON error naming the flag, and nothing on stdout', async () => {
    for (const [args, field] of [
      [['--file', join(dir, 'missing.csv'), '--format', 'long'], '--file'],
      [['--file', file('x.csv', 'a'), '--format', 'xml'], '--format'],
      [['--file', file('y.csv', 'a')], '--format'],
    ] as const) {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'invalid_input', field } });
    }
  });
});
