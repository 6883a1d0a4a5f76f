import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxCases, loadCoxData } from '../../../test/fixtures/stats/cox-fixtures.ts';
import { InputError } from '../../core/errors.ts';
import { coxph, type CoxFit } from './cox.ts';

/** |ours − R| / |R|: every Cox number is compared relatively (R's values are never 0 here). */
const rel = (ours: number, r: number) => Math.abs(ours - r) / Math.abs(r);
function expectRelative(ours: ArrayLike<number>, r: readonly number[], tol: number, what: string): void {
  expect(ours.length, what).toBe(r.length);
  r.forEach((v, i) => expect(rel(ours[i]!, v), `${what}[${i}]: ${ours[i]} vs R ${v}`).toBeLessThan(tol));
}

describe('coxph against R coxph (survival 3.5)', () => {
  for (const c of coxCases) {
    it(c.name, () => {
      const d = loadCoxData(c);
      expect(d.dropped).toBe(c.dropped);
      const fit = coxph(d.time, d.event, d.x, d.p, { ties: c.ties, strata: d.strata });
      expect([fit.n, fit.events, fit.iterations, fit.converged]).toEqual([c.n, c.events, c.iterations, true]);
      // The tolerance is 1e-6 relative; the fits agree to ~1e-12.
      expectRelative(fit.coef, c.coef, 1e-6, 'coef');
      expectRelative(fit.se, c.se, 1e-6, 'se');
      expectRelative(fit.z, c.z, 1e-6, 'z');
      expectRelative(fit.p, c.p, 1e-6, 'p');
      expectRelative(fit.hr, c.hr, 1e-6, 'hr');
      expectRelative(fit.lower, c.lower, 1e-6, 'lower');
      expectRelative(fit.upper, c.upper, 1e-6, 'upper');
      expectRelative(fit.variance, c.variance, 1e-6, 'variance');
      expectRelative(fit.loglik, c.loglik, 1e-9, 'loglik');
      for (const [ours, r] of [
        [fit.likelihoodRatio, c.lrt],
        [fit.wald, c.wald],
        [fit.score, c.score],
      ] as const) {
        expect(ours.df).toBe(r.df);
        expect(rel(ours.chisq, r.chisq)).toBeLessThan(1e-6);
        expect(rel(ours.p, r.p)).toBeLessThan(1e-6);
      }
      expect(Math.abs(fit.concordance - c.concordance)).toBeLessThan(1e-9);
    });
  }

  it('covers Efron and Breslow, strata, dropped rows, several iterations and tiny p-values', () => {
    expect(new Set(coxCases.map((c) => c.ties))).toEqual(new Set(['efron', 'breslow']));
    expect(coxCases.filter((c) => c.strata !== null).length).toBeGreaterThanOrEqual(3);
    expect(coxCases.some((c) => c.dropped > 0)).toBe(true);
    expect(Math.max(...coxCases.map((c) => c.iterations))).toBeGreaterThanOrEqual(5);
    expect(Math.min(...coxCases.map((c) => c.wald.p))).toBeLessThan(1e-20);
  });
});

/** Random small survival data with ties in time (integer times), 2 covariates and 2 strata. */
const dataset = fc
  .array(
    fc.tuple(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 1 }),
      // On a grid: rows with different covariates must not have linear predictors equal up to rounding,
      // where the tie (and so the concordance) would depend on the last bit.
      fc.integer({ min: -200, max: 200 }).map((k) => k / 100),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 1 }),
    ),
    { minLength: 25, maxLength: 60 },
  )
  .filter((rows) => rows.filter((r) => r[1] === 1).length >= 5);

interface Rows {
  time: Float64Array;
  event: Uint8Array;
  x: Float64Array;
  strata: Int32Array;
}
const toArrays = (rows: [number, number, number, number, number][]): Rows => ({
  time: Float64Array.from(rows, (r) => r[0]),
  event: Uint8Array.from(rows, (r) => r[1]),
  x: Float64Array.from(rows.flatMap((r) => [r[2], r[3]])),
  strata: Int32Array.from(rows, (r) => r[4]),
});

/** Fits, or null where the random data cannot support a model (collinear, monotone likelihood). */
function tryFit(d: Rows, ties: 'efron' | 'breslow' = 'efron', strata = true, bound = 5): CoxFit | null {
  try {
    const fit = coxph(d.time, d.event, d.x, 2, { ties, strata: strata ? d.strata : undefined });
    return fit.converged && fit.coef.every((b) => Math.abs(b) < bound) ? fit : null;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

describe('coxph properties', () => {
  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(dataset, fc.integer(), (rows, seed) => {
        const fit = tryFit(toArrays(rows));
        if (fit === null) return;
        const shuffled = [...rows].sort((a, b) => ((a[2] * 1e6 + seed) % 7) - ((b[2] * 1e6 + seed) % 7)).reverse();
        const other = tryFit(toArrays(shuffled))!;
        fit.coef.forEach((b, j) => expect(Math.abs(other.coef[j]! - b)).toBeLessThan(1e-8));
        expect(Math.abs(other.loglik[1] - fit.loglik[1])).toBeLessThan(1e-8);
        expect(Math.abs(other.concordance - fit.concordance)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('divides the coefficient (and its se) by c when the covariate is multiplied by c, and ignores shifts', () => {
    fc.assert(
      fc.property(
        dataset,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (rows, c, shift) => {
          const d = toArrays(rows);
          const fit = tryFit(d);
          if (fit === null) return;
          const x = d.x.map((v, k) => (k % 2 === 0 ? v * c + shift : v));
          const scaled = tryFit({ ...d, x }, 'efron', true, Number.POSITIVE_INFINITY)!;
          expect(rel(scaled.coef[0]! * c, fit.coef[0]!)).toBeLessThan(1e-7);
          expect(rel(scaled.se[0]! * c, fit.se[0]!)).toBeLessThan(1e-7);
          expect(Math.abs(scaled.coef[1]! - fit.coef[1]!)).toBeLessThan(1e-8);
          expect(Math.abs(scaled.loglik[1] - fit.loglik[1])).toBeLessThan(1e-8);
          expect(Math.abs(scaled.p[0]! - fit.p[0]!)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('depends on time only through its order (any increasing transform gives the same fit)', () => {
    fc.assert(
      fc.property(dataset, (rows) => {
        const d = toArrays(rows);
        const fit = tryFit(d, 'breslow');
        if (fit === null) return;
        const other = tryFit({ ...d, time: d.time.map((t) => Math.exp(t / 3) + 7) }, 'breslow')!;
        fit.coef.forEach((b, j) => expect(Math.abs(other.coef[j]! - b)).toBeLessThan(1e-10));
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same fit with Efron and Breslow when no deaths are tied, and never a lower loglik than β = 0', () => {
    fc.assert(
      fc.property(dataset, (rows) => {
        const d = toArrays(rows);
        const untied = { ...d, time: d.time.map((t, i) => t + i / 1000) };
        const efron = tryFit(untied, 'efron', false);
        const breslow = tryFit(untied, 'breslow', false);
        if (efron === null || breslow === null) return;
        efron.coef.forEach((b, j) => expect(Math.abs(breslow.coef[j]! - b)).toBeLessThan(1e-10));
        expect(efron.loglik[1]).toBeGreaterThanOrEqual(efron.loglik[0] - 1e-12);
        expect(efron.likelihoodRatio.chisq).toBeGreaterThanOrEqual(-1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('treats each stratum as its own risk set: a stratified fit of two copies equals the fit of one', () => {
    const t = Float64Array.of(5, 3, 9, 2, 7, 4, 4, 8, 1, 6, 3, 10);
    const e = Uint8Array.of(1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1);
    const x = Float64Array.of(0.5, 1.2, -0.3, 2.1, 0.1, -1, 0.7, 0.3, 1.5, -0.2, 0.9, -0.8);
    const one = coxph(t, e, x, 1);
    const two = coxph(
      Float64Array.from([...t, ...t.map((v) => v * 10)]),
      Uint8Array.from([...e, ...e]),
      Float64Array.from([...x, ...x]),
      1,
      { strata: Int32Array.from([...t.map(() => 0), ...t.map(() => 1)]) },
    );
    expect(Math.abs(two.coef[0]! - one.coef[0]!)).toBeLessThan(1e-10);
    expect(Math.abs(two.loglik[1] - 2 * one.loglik[1])).toBeLessThan(1e-9);
    expect(rel(two.se[0]! * Math.SQRT2, one.se[0]!)).toBeLessThan(1e-9);
  });
});

describe('coxph input errors', () => {
  const t = Float64Array.of(1, 2, 3, 4, 5, 6);
  const e = Uint8Array.of(1, 0, 1, 1, 0, 1);
  it('rejects data it cannot fit', () => {
    expect(() => coxph(t, new Uint8Array(6), Float64Array.of(1, 2, 3, 4, 5, 6), 1)).toThrow(/at least one event/);
    expect(() => coxph(t, e, Float64Array.of(1, 2, 3), 1)).toThrow(InputError);
    expect(() => coxph(t, e, Float64Array.of(1, 1, 1, 1, 1, 1), 1)).toThrow(/singular/);
    expect(() => coxph(t, e, Float64Array.of(1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12), 2)).toThrow(/collinear/);
    expect(() => coxph(t, e, Float64Array.of(1, 2, Number.NaN, 4, 5, 6), 1)).toThrow(/finite/);
    expect(() => coxph(t, e, Float64Array.of(1, 2, 3, 4, 5, 6), 1, { ties: 'exact' as 'efron' })).toThrow(/ties/);
    expect(() => coxph(Float64Array.of(1, -2, 3, 4, 5, 6), e, Float64Array.of(1, 2, 3, 4, 5, 6), 1)).toThrow(
      /negative/,
    );
  });
});
