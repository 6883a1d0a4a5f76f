import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { kruskalWallis } from './kruskal-wallis.ts';
import { mannWhitney } from './mann-whitney.ts';

interface RCase {
  case: string;
  n: number;
  statistic: number;
  df: number;
  p: number;
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/tests-kruskal-wallis.json', fixtures), 'utf8')) as RCase[];
const data = parseCsv(readFileSync(new URL('data/tests-groups.csv', fixtures), 'utf8'));
const caseCol = data.column('case');
const groups = numericColumn(data, 'group');
const values = numericColumn(data, 'value');
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Kruskal–Wallis against R kruskal.test(x, g)', () => {
  it.each(cases.map((c) => [c.case, c] as const))('%s', (_, c) => {
    const rows = [...values.keys()].filter((i) => caseCol[i] === c.case);
    const r = kruskalWallis(
      Float64Array.from(rows, (i) => values[i]!),
      Int32Array.from(rows, (i) => groups[i]!),
    );
    expect(r.n).toBe(c.n);
    expect(r.df).toBe(c.df);
    expect(rel(r.statistic, c.statistic)).toBeLessThanOrEqual(1e-9);
    expect(rel(r.p, c.p), `p ${r.p} vs R ${c.p}`).toBeLessThanOrEqual(1e-9);
  });
});

describe('Kruskal–Wallis properties', () => {
  const data2 = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 })), {
    minLength: 4,
    maxLength: 40,
  });
  it('p is in [0, 1] and relabelling the groups changes nothing', () => {
    fc.assert(
      fc.property(data2, (pairs) => {
        const g = Int32Array.from(pairs, ([a]) => a);
        const x = Float64Array.from(pairs, ([, b]) => b);
        if (new Set(g).size < 2 || new Set(x).size < 2) return;
        const a = kruskalWallis(x, g);
        const b = kruskalWallis(
          x,
          Int32Array.from(g, (v) => 10 - v),
        );
        expect(a.p).toBeGreaterThanOrEqual(0);
        expect(a.p).toBeLessThanOrEqual(1);
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.statistic));
      }),
    );
  });
  it('with two groups H equals the squared normal score of the Wilcoxon test without continuity correction', () => {
    const x = Float64Array.of(1.5, 2.2, 3.1, 0.4, 5.5, 6.1, 7.3, 4.8, 9.9, 8.2, 10.4);
    const g = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    const h = kruskalWallis(x, g).statistic;
    const w = mannWhitney(x.slice(0, 5), x.slice(5)).w;
    const z2 = (w - 15) ** 2 / ((5 * 6 * 12) / 12);
    expect(Math.abs(h - z2)).toBeLessThan(1e-12);
  });
  it('drops missing values and groups, and rejects one group or constant data', () => {
    expect(kruskalWallis(Float64Array.of(1, 2, Number.NaN, 4), Int32Array.of(0, 1, 1, -1)).n).toBe(2);
    expect(() => kruskalWallis(Float64Array.of(1, 2), Int32Array.of(0, 0))).toThrow(InputError);
    expect(() => kruskalWallis(Float64Array.of(1, 1, 1), Int32Array.of(0, 1, 1))).toThrow(InputError);
    expect(() => kruskalWallis(Float64Array.of(1, 2), Int32Array.of(0))).toThrow(InputError);
  });
});
