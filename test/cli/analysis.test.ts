import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { septype } from '../support/septype-cli.ts';

/**
 * `septype analysis run | report | list` from outside (issue 14 §6, fixed contracts): the files of a run with
 * their exact header and fields, byte-identical assignments for the same spec on the same data, the report as
 * HTML and PDF, and refusals that name the problem and write nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'septype-analysis-cli-'));
const db = join(dir, 'demo.db');
const spec = join(dir, 'spec.json');

describe('septype analysis', () => {
  beforeAll(async () => {
    const demo = await septype(['demo', '--db', db, '--patients', '60', '--sites', '2', '--seed', '3']);
    expect(demo.code).toBe(0);
    writeFileSync(
      spec,
      JSON.stringify({ timepoint: 'D0', seed: 5, kRange: [2, 4], resamples: 40, classifier: { maxMarkers: 3 } }),
    );
  }, 120_000);

  it('writes run.json, assignments.csv, classifier.json and report.html, and the same spec gives the same assignments', async () => {
    const first = join(dir, 'first');
    const run = await septype(['analysis', 'run', '--db', db, '--spec', spec, '--out', first]);
    expect(run.stderr).toMatch(/analysis: 100 %/);
    expect(run.code).toBe(0);
    const runJson = JSON.parse(readFileSync(join(first, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(runJson).toMatchObject({ seed: 5, parameters: { seed: 5, timepoint: 'D0', resamples: 40 } });
    expect(runJson.runId).toMatch(/^run-/);
    expect(runJson.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof runJson.version).toBe('string');
    expect([2, 3, 4]).toContain(runJson.k);

    const csv = readFileSync(join(first, 'assignments.csv'), 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('studyId,visit,immunotype,confidence');
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) expect(row).toMatch(/^[A-Z]+-\d+,(D0|D3|DIS|M3|M12),IT\d,(0|1)\.\d{4}$/);

    const classifier = JSON.parse(readFileSync(join(first, 'classifier.json'), 'utf8')) as {
      markers: Record<string, unknown>[];
    };
    expect(classifier.markers.length).toBeGreaterThan(0);
    expect(classifier.markers.length).toBeLessThanOrEqual(3);
    for (const marker of classifier.markers)
      expect(marker).toMatchObject({ name: expect.any(String), unit: expect.any(String), transform: 'log' });
    expect(readFileSync(join(first, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);

    const second = join(dir, 'second');
    expect((await septype(['analysis', 'run', '--db', db, '--spec', spec, '--out', second])).code).toBe(0);
    expect(readFileSync(join(second, 'assignments.csv'), 'utf8')).toBe(csv);

    // The bedside classifier scores one patient from its file.
    const markers = Object.fromEntries(classifier.markers.map((m) => [m.name as string, 100]));
    const scored = await septype(['classify', '--model', join(first, 'classifier.json')], {
      stdin: JSON.stringify(markers),
    });
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ immunotype: expect.stringMatching(/^IT\d$/), missing: [] });

    const list = await septype(['analysis', 'list', '--db', db]);
    const runs = JSON.parse(list.stdout) as { runId: string; createdBy: string }[];
    expect(runs.map((r) => r.runId)).toContain(runJson.runId);

    // The datasets behind the run, as tidy tables with a codebook: the same content hash as the run recorded.
    const tables = join(dir, 'datasets');
    const exported = await septype(['analysis', 'datasets', '--db', db, '--out', tables]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ datasetHash: runJson.datasetHash });
    const firstLine = (file: string) => readFileSync(join(tables, file), 'utf8').split('\r\n')[0]!;
    expect(firstLine('participants.csv')).toMatch(
      /^"studyId","site","age","sex","sofa2","infectionSite","survivalDays"/,
    );
    expect(firstLine('samples.csv')).toMatch(/^"studyId","site","visit","il6","il6_below_lod"/);
    const codebook = readFileSync(join(tables, 'codebook.csv'), 'utf8');
    for (const column of firstLine('samples.csv').split(',')) expect(codebook).toContain(`"samples",${column},`);

    const again = await septype(['analysis', 'rerun', runJson.runId as string, '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rerunOf: runJson.runId, sameData: true, identical: true });

    const reported = join(dir, 'report');
    const report = await septype(['analysis', 'report', runJson.runId as string, '--db', db, '--out', reported]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(reported, 'report.html'), 'utf8')).toContain('Choice of k');
    expect(readFileSync(join(reported, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 180_000);

  it('refuses a bad spec, a missing flag, an --out that is a file and an unknown run, writing nothing', async () => {
    const badSpec = join(dir, 'bad.json');
    writeFileSync(badSpec, JSON.stringify({ seed: 1, kRange: [2, 4], colour: 'red' }));
    const out = join(dir, 'never');
    const bad = await septype(['analysis', 'run', '--db', db, '--spec', badSpec, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('colour');
    expect(existsSync(out)).toBe(false);

    const noSpec = await septype(['analysis', 'run', '--db', db, '--out', out]);
    expect(noSpec.code).toBe(2);
    expect(noSpec.stderr).toContain('--spec');

    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const toFile = await septype(['analysis', 'run', '--db', db, '--spec', spec, '--out', file]);
    expect(toFile.code).toBe(2);
    expect(toFile.stderr).toContain('is not a directory');

    const unknown = await septype(['analysis', 'report', 'run-20260101-000000-abcdef', '--db', db, '--out', out]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no analysis run');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
