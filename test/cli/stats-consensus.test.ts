import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/stats/cluster/ari.ts';
import { septype } from '../support/septype-cli.ts';

const data = (name: string) => new URL(`../fixtures/stats/data/${name}`, import.meta.url).pathname;
const expected = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/stats/expected/${name}`, import.meta.url), 'utf8')) as T;

interface Output {
  k: {
    k: number;
    cdfArea: number;
    deltaArea: number;
    pac: number;
    meanClusterConsensus: number | null;
    clusterConsensus: (number | null)[];
    clusterSizes: number[];
    cdf: number[];
  }[];
  suggestedK: number;
  assignments: Record<string, (number | null)[]>;
  itemConsensus: Record<string, ((number | null)[] | null)[]>;
  n: number;
  dropped: number;
  itemsPerResample: number;
}
interface RExpected {
  trueK: number;
  runs: { k: { k: number; cdfArea: number; pac: number; meanClusterConsensus: number; ari: number }[] }[];
}

const columns = (p: number) => Array.from({ length: p }, (_, j) => `v${j + 1}`).join(',');
const truthOf = (file: string) =>
  readFileSync(data(file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',').at(-1)));

async function run(args: string[]): Promise<Output> {
  const result = await septype(['stats', 'consensus', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Output;
}

describe('septype stats consensus', () => {
  it('k-means on the planted 150 × 10 data: statistics in the range of ConsensusClusterPlus, ARI as good', async () => {
    const r = expected<RExpected>('consensus-planted150x10-km.json');
    const out = await run(['--input', data('consensus-planted150x10.csv'), '--columns', columns(10), '--reps', '50']);
    expect([out.n, out.dropped, out.itemsPerResample]).toEqual([150, 0, 120]);
    expect(out.k.map((k) => k.k)).toEqual([2, 3, 4, 5, 6]);
    for (const k of out.k) {
      const theirs = (field: 'cdfArea' | 'pac') => r.runs.map((run) => run.k[k.k - 2]![field]);
      expect(k.cdfArea).toBeGreaterThanOrEqual(Math.min(...theirs('cdfArea')) - 0.03);
      expect(k.cdfArea).toBeLessThanOrEqual(Math.max(...theirs('cdfArea')) + 0.03);
      expect(k.pac).toBeGreaterThanOrEqual(Math.min(...theirs('pac')) - 0.06);
      expect(k.pac).toBeLessThanOrEqual(Math.max(...theirs('pac')) + 0.06);
      expect(k.cdf).toHaveLength(100);
      expect(k.clusterSizes.reduce((a, b) => a + b, 0)).toBe(150);
      const labels = out.assignments[k.k]!;
      expect(labels).toHaveLength(150);
      expect(labels.every((c) => c !== null && c >= 1 && c <= k.k)).toBe(true);
      expect(out.itemConsensus[k.k]!.every((row) => row!.length === k.k)).toBe(true);
    }
    const rAri = r.runs.reduce((t, run) => t + run.k[r.trueK - 2]!.ari, 0) / r.runs.length;
    const ours = adjustedRandIndex(out.assignments[r.trueK]! as number[], truthOf('consensus-planted150x10.csv'));
    expect(ours).toBeGreaterThanOrEqual(rAri - 0.05);
    expect(out.suggestedK).toBeGreaterThanOrEqual(2);
  });

  it('hclust with pearson: the same output on 1 and 2 threads', async () => {
    const args = ['--input', data('consensus-overlap200x20.csv'), '--columns', columns(20), '--reps', '30'];
    args.push('--algorithm', 'hclust', '--distance', 'pearson', '--k-max', '4', '--seed', '9');
    const one = await run([...args, '--threads', '1']);
    const two = await run([...args, '--threads', '2']);
    expect(two).toEqual(one);
    expect(one.k).toHaveLength(3);
  });

  const dir = mkdtempSync(join(tmpdir(), 'septype-consensus-'));
  const lines = readFileSync(data('consensus-planted150x10.csv'), 'utf8').trim().split('\n');

  it('drops rows with a missing value in a used column: null assignment, counted, input order kept', async () => {
    const gaps = new Set([3, 40, 41, 149]); // 0-based data rows
    const holed = [lines[0]!, ...lines.slice(1).map((line, i) => (gaps.has(i) ? line.replace(/^[^,]*/, '') : line))];
    const kept = [lines[0]!, ...lines.slice(1).filter((_, i) => !gaps.has(i))];
    writeFileSync(join(dir, 'holed.csv'), holed.join('\n') + '\n');
    writeFileSync(join(dir, 'kept.csv'), kept.join('\n') + '\n');
    const common = ['--columns', columns(10), '--reps', '20', '--k-max', '3'];
    const a = await run(['--input', join(dir, 'holed.csv'), ...common]);
    const b = await run(['--input', join(dir, 'kept.csv'), ...common]);
    expect([a.n, a.dropped]).toEqual([146, 4]);
    for (const k of ['2', '3']) {
      expect(a.assignments[k]).toHaveLength(150);
      [...gaps].forEach((i) => {
        expect(a.assignments[k]![i]).toBeNull();
        expect(a.itemConsensus[k]![i]).toBeNull();
      });
      expect(a.assignments[k]!.filter((c) => c !== null)).toEqual(b.assignments[k]);
    }
    // Missing cells in a column that is not used do not drop the row.
    const c = await run(['--input', join(dir, 'holed.csv'), ...common, '--columns', 'v2,v3']);
    expect(c.dropped).toBe(0);
  });

  writeFileSync(join(dir, 'text.csv'), 'a,b\n1,2\n3,x\n5,6\n7,8\n');
  writeFileSync(join(dir, 'tiny.csv'), 'a,b\n1,2\n');
  const planted = data('consensus-planted150x10.csv');
  it.each([
    ['a missing --columns', ['--input', planted], '--columns'],
    ['an unknown column', ['--input', planted, '--columns', 'v1,nope'], '--columns'],
    ['a column named twice', ['--input', planted, '--columns', 'v1,v1'], '--columns'],
    ['a non-numeric cell', ['--input', join(dir, 'text.csv'), '--columns', 'a,b'], 'b'],
    ['an unreadable file', ['--input', join(dir, 'absent.csv'), '--columns', 'a'], '--input'],
    [
      '--algorithm other than kmeans|hclust',
      ['--input', planted, '--columns', 'v1,v2', '--algorithm', 'pam'],
      '--algorithm',
    ],
    [
      '--distance pearson with k-means',
      ['--input', planted, '--columns', 'v1,v2', '--distance', 'pearson'],
      '--distance',
    ],
    ['--k-max 1', ['--input', planted, '--columns', 'v1,v2', '--k-max', '1'], '--k-max'],
    ['--k-max above the rows drawn', ['--input', planted, '--columns', 'v1,v2', '--k-max', '121'], '--k-max'],
    ['--k-max not an integer', ['--input', planted, '--columns', 'v1,v2', '--k-max', '3.5'], '--k-max'],
    ['--reps 0', ['--input', planted, '--columns', 'v1,v2', '--reps', '0'], '--reps'],
    ['--reps above 65535', ['--input', planted, '--columns', 'v1,v2', '--reps', '70000'], '--reps'],
    ['--p-item outside (0, 1]', ['--input', planted, '--columns', 'v1,v2', '--p-item', '1.5'], '--p-item'],
    ['--threads 0', ['--input', planted, '--columns', 'v1,v2', '--threads', '0'], '--threads'],
    ['fewer than 2 rows', ['--input', join(dir, 'tiny.csv'), '--columns', 'a,b'], 'input'],
    ['an unknown flag', ['--input', planted, '--columns', 'v1', '--k', '3'], '--k'],
  ])('rejects %s with exit 2 and a JSON error', async (_what, args, field) => {
    const result = await septype(['stats', 'consensus', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const body = JSON.parse(result.stderr) as { error: { code: string; field: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe(field);
  });
});
