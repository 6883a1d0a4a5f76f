import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { chiSquareTest } from './chi-square.ts';

interface RCase {
  name: string;
  rows: number;
  cols: number;
  table: number[];
  statistic: number;
  df: number;
  p: number;
  expected: number[];
  residuals: number[];
}
const cases = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/stats/expected/tests-chi-square.json', import.meta.url), 'utf8'),
) as RCase[];
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('chi-square against R chisq.test(x)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const r = chiSquareTest(Float64Array.from(c.table), c.rows, c.cols);
    expect(r.df).toBe(c.df);
    expect(rel(r.statistic, c.statistic)).toBeLessThanOrEqual(1e-9);
    expect(rel(r.p, c.p), `p ${r.p} vs R ${c.p}`).toBeLessThanOrEqual(1e-9);
    c.expected.forEach((e, i) => expect(rel(r.expected[i]!, e)).toBeLessThanOrEqual(1e-12));
    c.residuals.forEach((e, i) =>
      expect(Math.abs(r.residuals[i]! - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e))),
    );
  });
});

describe('chi-square properties', () => {
  const tables = fc
    .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
    .chain(([r, c]) =>
      fc.tuple(
        fc.constant(r),
        fc.constant(c),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: r * c, maxLength: r * c }),
      ),
    );
  it('p in [0, 1]; expected counts keep the margins; transposing changes nothing', () => {
    fc.assert(
      fc.property(tables, ([r, c, cells]) => {
        const a = chiSquareTest(cells, r, c);
        const tr = Array.from({ length: r * c }, (_, k) => cells[(k % r) * c + Math.floor(k / r)]!);
        const b = chiSquareTest(tr, c, r);
        expect(a.p).toBeGreaterThanOrEqual(0);
        expect(a.p).toBeLessThanOrEqual(1);
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.statistic));
        for (let i = 0; i < r; i++) {
          let obs = 0;
          let exp = 0;
          for (let j = 0; j < c; j++) {
            obs += cells[i * c + j]!;
            exp += a.expected[i * c + j]!;
          }
          expect(Math.abs(obs - exp)).toBeLessThan(1e-9 * obs);
        }
      }),
    );
  });
  it('uses the Yates correction on 2×2 tables only when asked, and rejects bad tables', () => {
    expect(chiSquareTest([3, 1, 1, 3], 2, 2).yates).toBe(0.5);
    expect(chiSquareTest([3, 1, 1, 3], 2, 2, false).yates).toBe(0);
    expect(chiSquareTest([3, 1, 1, 3], 2, 2).smallExpected).toBe(true);
    expect(() => chiSquareTest([1, 2, 3], 2, 2)).toThrow(InputError);
    expect(() => chiSquareTest([1, 2, 0, 0], 2, 2)).toThrow(InputError);
    expect(() => chiSquareTest([1, -2, 3, 4], 2, 2)).toThrow(InputError);
    expect(() => chiSquareTest([1, 2], 1, 2)).toThrow(InputError);
  });
});
