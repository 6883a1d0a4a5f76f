import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { rng } from '../random.ts';
import { fisher2x2, fisherExactRxC, fisherMonteCarlo } from './fisher-exact.ts';

type Num = number | 'Inf';
interface R2x2 {
  name: string;
  table: number[];
  p: number;
  odds_ratio: Num;
  conf_int: Num[];
  odds_ratio_precise: Num;
  conf_int_precise: Num[];
}
interface RRxC {
  name: string;
  rows: number;
  cols: number;
  table: number[];
  p: number;
  p_simulated_r: number;
  B_r: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/stats/expected/tests-fisher.json', import.meta.url), 'utf8'),
) as { two_by_two: R2x2[]; r_by_c: RRxC[] };
const num = (v: Num) => (v === 'Inf' ? Number.POSITIVE_INFINITY : v);
/** Relative difference; 0 when both are the same infinity or both 0. */
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('Fisher 2×2 against R fisher.test(x)', () => {
  it.each(fixture.two_by_two.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const [a, b, cc, d] = c.table as [number, number, number, number];
    const r = fisher2x2(a, b, cc, d);
    expect(rel(r.p, c.p), `p ${r.p} vs R ${c.p}`).toBeLessThanOrEqual(1e-9);
    // Against the same roots solved to full precision in R: 1e-9 relative.
    expect(rel(r.oddsRatio, num(c.odds_ratio_precise))).toBeLessThanOrEqual(1e-9);
    expect(rel(r.confInt[0], num(c.conf_int_precise[0]!))).toBeLessThanOrEqual(1e-9);
    expect(rel(r.confInt[1], num(c.conf_int_precise[1]!))).toBeLessThanOrEqual(1e-9);
    // Against fisher.test's own output, which uniroot stops at tol ≈ 1.2e-4 (absolute, on its search scale).
    expect(rel(r.oddsRatio, num(c.odds_ratio))).toBeLessThanOrEqual(1e-3);
    expect(rel(r.confInt[0], num(c.conf_int[0]!))).toBeLessThanOrEqual(1e-2);
    expect(rel(r.confInt[1], num(c.conf_int[1]!))).toBeLessThanOrEqual(1e-2);
  });
});

describe('Fisher r×c against R fisher.test(x)', () => {
  it.each(fixture.r_by_c.map((c) => [c.name, c] as const))('%s: exact p', (_, c) => {
    const p = fisherExactRxC(c.table, c.rows, c.cols);
    expect(Math.abs(p - c.p), `p ${p} vs R ${c.p}`).toBeLessThanOrEqual(1e-6 * Math.max(c.p, 1e-3));
  });
  it.each(fixture.r_by_c.map((c) => [c.name, c] as const))('%s: Monte Carlo p within 4 SE of R exact p', (_, c) => {
    const B = 4000;
    const p = fisherMonteCarlo(c.table, c.rows, c.cols, B, rng(20261127));
    const se = Math.sqrt((c.p * (1 - c.p)) / B) + 1 / (B + 1);
    expect(Math.abs(p - c.p), `Monte Carlo ${p} vs exact ${c.p}`).toBeLessThanOrEqual(4 * se);
    expect(fisherMonteCarlo(c.table, c.rows, c.cols, B, rng(20261127))).toBe(p); // same seed, same p
  });
  it('the 2×2 case of the network algorithm equals the 2×2 formula', () => {
    for (const c of fixture.two_by_two) {
      const [a, b, cc, d] = c.table as [number, number, number, number];
      expect(rel(fisherExactRxC(c.table, 2, 2), fisher2x2(a, b, cc, d).p)).toBeLessThan(1e-9);
    }
  });
});

describe('Fisher properties', () => {
  const small = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 6, maxLength: 6 });
  it('p in [0, 1] and invariant to transposing and permuting rows', () => {
    fc.assert(
      fc.property(small, (cells) => {
        if (cells.reduce((s, v) => s + v, 0) === 0) return;
        const p = fisherExactRxC(cells, 2, 3);
        const transposed = [cells[0]!, cells[3]!, cells[1]!, cells[4]!, cells[2]!, cells[5]!];
        const swapped = [...cells.slice(3), ...cells.slice(0, 3)];
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(fisherExactRxC(transposed, 3, 2) - p)).toBeLessThan(1e-12);
        expect(Math.abs(fisherExactRxC(swapped, 2, 3) - p)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });
  it('the 2×2 odds-ratio interval contains the estimate and p is symmetric under swapping rows', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 4 }), ([a, b, c, d]) => {
        if (a! + b! === 0 || c! + d! === 0 || a! + c! === 0 || b! + d! === 0) return;
        const r = fisher2x2(a!, b!, c!, d!);
        expect(r.confInt[0]).toBeLessThanOrEqual(r.oddsRatio);
        expect(r.confInt[1]).toBeGreaterThanOrEqual(r.oddsRatio);
        expect(Math.abs(fisher2x2(c!, d!, a!, b!).p - r.p)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });
  it('rejects invalid tables and an oversized exact computation', () => {
    expect(() => fisher2x2(1.5, 2, 3, 4)).toThrow(InputError);
    expect(fisher2x2(0, 0, 3, 4)).toEqual({ p: 1, oddsRatio: 0, confInt: [0, Number.POSITIVE_INFINITY] }); // as R
    expect(() => fisher2x2(-1, 0, 3, 4)).toThrow(InputError);
    expect(() => fisherExactRxC([1, 2, 3], 2, 2)).toThrow(InputError);
    expect(() => fisherMonteCarlo([1, 2, 3, 4], 2, 2, 0, rng(1))).toThrow(InputError);
    expect(() => fisherExactRxC([40, 30, 20, 35, 25, 45, 30, 40, 50], 3, 3, 1000)).toThrow(InputError);
  });
});
