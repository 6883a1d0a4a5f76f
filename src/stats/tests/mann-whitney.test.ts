import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { mannWhitney, mannWhitneyCounts } from './mann-whitney.ts';

interface RCase {
  case: string;
  nx: number;
  ny: number;
  w: number;
  p: number;
  exact: boolean;
  swapped_p: number;
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/tests-mann-whitney.json', fixtures), 'utf8')) as RCase[];
const data = parseCsv(readFileSync(new URL('data/tests-twosample.csv', fixtures), 'utf8'));
const caseCol = data.column('case');
const sampleCol = data.column('sample');
const values = numericColumn(data, 'value');
const sample = (name: string, s: string) => values.filter((_, i) => caseCol[i] === name && sampleCol[i] === s);
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('Mann–Whitney against R wilcox.test(x, y)', () => {
  it.each(cases.map((c) => [c.case, c] as const))('%s', (_, c) => {
    const x = sample(c.case, 'x');
    const y = sample(c.case, 'y');
    expect([x.length, y.length]).toEqual([c.nx, c.ny]);
    const r = mannWhitney(x, y);
    expect(r.exact).toBe(c.exact);
    expect(rel(r.w, c.w)).toBeLessThanOrEqual(1e-12);
    // Exact p-values 1e-9 relative, normal approximations 1e-6 (both are met by far: see docs/stats-tests).
    expect(rel(r.p, c.p), `p ${r.p} vs R ${c.p}`).toBeLessThanOrEqual(c.exact ? 1e-9 : 1e-6);
    expect(rel(mannWhitney(y, x).p, c.swapped_p)).toBeLessThanOrEqual(c.exact ? 1e-9 : 1e-6);
  });
});

describe('Mann–Whitney properties', () => {
  const sampleArb = fc
    .array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 })
    .map((a) => Float64Array.from(a, (v) => v / 4));
  it('p is in [0, 1], swapping x and y gives the same p and W_xy + W_yx = n_x n_y', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (x, y) => {
        const a = mannWhitney(x, y);
        const b = mannWhitney(y, x);
        expect(a.w + b.w).toBe(x.length * y.length);
        if (new Set([...x, ...y]).size === 1) {
          // Every value tied: the variance is 0 and R's p-value is NA.
          expect([a.p, b.p]).toEqual([Number.NaN, Number.NaN]);
          return;
        }
        expect(a.p).toBeGreaterThanOrEqual(0);
        expect(a.p).toBeLessThanOrEqual(1);
        expect(Math.abs(a.p - b.p)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
  it('the exact null distribution sums to C(m+n, m) and is symmetric', () => {
    const counts = mannWhitneyCounts(4, 6);
    expect(counts.reduce((s, v) => s + v, 0)).toBe(210);
    for (let u = 0; u <= 24; u++) expect(counts[u]).toBe(counts[24 - u]);
  });
  it('drops NaN and rejects empty or infinite samples', () => {
    expect(mannWhitney(Float64Array.of(1, Number.NaN, 2), Float64Array.of(3)).nx).toBe(2);
    expect(() => mannWhitney(Float64Array.of(Number.NaN), Float64Array.of(1))).toThrow(InputError);
    expect(() => mannWhitney(Float64Array.of(1), Float64Array.of(Number.POSITIVE_INFINITY))).toThrow(InputError);
  });
});
