import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { spearman } from './spearman.ts';

interface RCase {
  case: string;
  n: number;
  rho: number;
  s: number;
  p: number;
  ties: boolean;
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/tests-spearman.json', fixtures), 'utf8')) as RCase[];
const data = parseCsv(readFileSync(new URL('data/tests-paired.csv', fixtures), 'utf8'));
const caseCol = data.column('case');
const xs = numericColumn(data, 'x');
const ys = numericColumn(data, 'y');

describe('Spearman against R cor.test(x, y, method = "spearman")', () => {
  it.each(cases.map((c) => [c.case, c] as const))('%s', (_, c) => {
    const rows = [...xs.keys()].filter((i) => caseCol[i] === c.case);
    const r = spearman(
      Float64Array.from(rows, (i) => xs[i]!),
      Float64Array.from(rows, (i) => ys[i]!),
    );
    expect(r.n).toBe(c.n);
    expect(r.method).toBe(c.ties || c.n > 1290 ? 't' : c.n <= 9 ? 'exact' : 'edgeworth');
    // rho 1e-12 absolute (it is in [−1, 1]); S relative 1e-9 (absolute 1e-6 when R's S is 0).
    expect(Math.abs(r.rho - c.rho)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(r.s - c.s)).toBeLessThanOrEqual(Math.max(1e-6, 1e-9 * c.s));
    if (r.method === 't' && Math.abs(r.rho) === 1) {
      // R's cor() gives rho = 1 − 1e-16 for a perfect tied relation, so its t is huge but finite (p ≈ 1e-32);
      // our rho is exactly 1 and p exactly 0. Both are 0 to any absolute tolerance that matters.
      expect(r.p).toBe(0);
      expect(c.p).toBeLessThan(1e-20);
      return;
    }
    const tolerance = r.method === 't' ? 1e-6 : 1e-9;
    expect(Math.abs(r.p - c.p) / c.p, `p ${r.p} vs R ${c.p}`).toBeLessThanOrEqual(tolerance);
  });
});

describe('Spearman properties', () => {
  const distinct = fc
    .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 40 })
    .map((a) => Float64Array.from(a));
  it('a monotone increasing transform gives rho = 1, a decreasing one rho = −1, p in [0, 1]', () => {
    fc.assert(
      fc.property(distinct, (x) => {
        const up = spearman(
          x,
          x.map((v) => Math.exp(v / 100) + v ** 3),
        );
        const down = spearman(
          x,
          x.map((v) => -v),
        );
        expect(up.rho).toBeCloseTo(1, 12);
        expect(down.rho).toBeCloseTo(-1, 12);
        for (const r of [up, down]) {
          expect(r.p).toBeGreaterThanOrEqual(0);
          expect(r.p).toBeLessThanOrEqual(1);
        }
        expect(Math.abs(up.p - down.p)).toBeLessThan(1e-12);
      }),
    );
  });
  it('is symmetric in x and y', () => {
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 1e6 }), (x, seed) => {
        const y = x.map((v, i) => ((v * 31 + i * seed) % 97) + i / 1000);
        const a = spearman(x, y);
        const b = spearman(y, x);
        expect(Math.abs(a.rho - b.rho)).toBeLessThan(1e-12);
        expect(Math.abs(a.p - b.p)).toBeLessThan(1e-12);
      }),
    );
  });
  it('drops pairs with NaN and rejects constant data or mismatched lengths', () => {
    expect(spearman(Float64Array.of(1, 2, Number.NaN, 4), Float64Array.of(1, 3, 2, Number.NaN)).n).toBe(2);
    expect(() => spearman(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3))).toThrow(InputError);
    expect(() => spearman(Float64Array.of(1, 2), Float64Array.of(1))).toThrow(InputError);
    expect(() => spearman(Float64Array.of(1), Float64Array.of(1))).toThrow(InputError);
  });
});
