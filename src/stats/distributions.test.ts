import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareUpper, lnGamma, normalQuantile } from './distributions.ts';

interface Fixture {
  chisq: { x: number[]; df: number[]; upper: number[]; lower: number[] };
  normal: { p: number[]; quantile: number[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/stats/expected/distributions.json', import.meta.url), 'utf8'),
) as Fixture;

/** Relative error, with R's exact 0 (underflow) matched by anything below the smallest normal double. */
const relativeError = (ours: number, r: number): number =>
  r === 0 ? (Math.abs(ours) < 2.3e-308 ? 0 : 1) : Math.abs(ours - r) / Math.abs(r);

describe('chi-square tails against R pchisq (test/fixtures/stats/survival.R)', () => {
  it('match both tails over the grid of x and df to 1e-12 relative, down to 1e-300', () => {
    const { x, df, upper, lower } = fixture.chisq;
    expect(x.length).toBeGreaterThan(300);
    let worst = 0;
    x.forEach((xi, i) => {
      const errors = [
        relativeError(chiSquareUpper(xi, df[i]!), upper[i]!),
        relativeError(chiSquareCdf(xi, df[i]!), lower[i]!),
      ];
      for (const e of errors) {
        expect(e, `x=${xi} df=${df[i]}`).toBeLessThan(1e-12);
        worst = Math.max(worst, e);
      }
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives the textbook 5% critical value and the edge cases', () => {
    expect(chiSquareUpper(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareUpper(0, 3)).toBe(1);
    expect(chiSquareUpper(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(chiSquareUpper(Number.NaN, 3)).toBeNaN();
    expect(chiSquareUpper(1, 0)).toBeNaN();
    // df = 2 is the exponential distribution: Q = exp(-x/2) exactly.
    expect(chiSquareUpper(7, 2)).toBeCloseTo(Math.exp(-3.5), 15);
  });

  it('has tails that add to 1 and an upper tail that falls with x (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (x, step, df) => {
          expect(Math.abs(chiSquareUpper(x, df) + chiSquareCdf(x, df) - 1)).toBeLessThan(1e-14);
          expect(chiSquareUpper(x + step, df)).toBeLessThanOrEqual(chiSquareUpper(x, df));
        },
      ),
    );
  });
});

describe('lnGamma and the normal quantile', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lnGamma(171)).toBeCloseTo(706.5730622457874, 10);
  });

  it('normalQuantile matches R qnorm to 1e-14', () => {
    fixture.normal.p.forEach((p, i) => {
      expect(Math.abs(normalQuantile(p) - fixture.normal.quantile[i]!), `p=${p}`).toBeLessThan(1e-14);
    });
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('normalQuantile is antisymmetric (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (p) => {
        expect(normalQuantile(p) + normalQuantile(1 - p)).toBeCloseTo(0, 6);
      }),
    );
  });
});
