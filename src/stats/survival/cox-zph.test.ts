import { describe, expect, it } from 'vitest';
import { coxCases, loadCoxData } from '../../../test/fixtures/stats/cox-fixtures.ts';
import { coxZph } from './cox-zph.ts';
import { coxph } from './cox.ts';

const rel = (ours: number, r: number) => Math.abs(ours - r) / Math.abs(r);

describe('coxZph against R cox.zph(fit, transform = "km", terms = TRUE)', () => {
  for (const c of coxCases) {
    it(c.name, () => {
      const d = loadCoxData(c);
      const fit = coxph(d.time, d.event, d.x, d.p, { ties: c.ties, strata: d.strata });
      const zph = coxZph(d.time, d.event, d.x, d.p, fit.coef, { ties: c.ties, strata: d.strata });
      // The tolerance: 1e-6 (relative here, stricter than absolute for these values); agreement is ~1e-12.
      zph.covariates.forEach((z, j) => {
        expect(z.df).toBe(c.zph.df[j]);
        expect(rel(z.chisq, c.zph.chisq[j]!), `chisq[${j}]`).toBeLessThan(1e-6);
        expect(rel(z.p, c.zph.p[j]!), `p[${j}]`).toBeLessThan(1e-6);
      });
      expect(zph.global.df).toBe(c.zph.global.df);
      expect(rel(zph.global.chisq, c.zph.global.chisq)).toBeLessThan(1e-6);
      expect(rel(zph.global.p, c.zph.global.p)).toBeLessThan(1e-6);
    });
  }

  it('includes a clear violation of proportional hazards (the simulated data)', () => {
    expect(Math.min(...coxCases.map((c) => c.zph.global.p))).toBeLessThan(1e-5);
  });
});

describe('coxZph properties', () => {
  const c = coxCases.find((k) => k.name === 'sim-efron-strata')!;
  const d = loadCoxData(c);
  const fit = coxph(d.time, d.event, d.x, d.p, { strata: d.strata });
  const base = coxZph(d.time, d.event, d.x, d.p, fit.coef, { strata: d.strata });

  it('does not depend on row order or on how strata are numbered', () => {
    const n = d.time.length;
    const perm = Array.from({ length: n }, (_, i) => (i * 7919) % n); // 7919 is prime, n = 396: a permutation
    expect(new Set(perm).size).toBe(n);
    const x = new Float64Array(n * d.p);
    perm.forEach((i, r) => x.set(d.x.subarray(i * d.p, (i + 1) * d.p), r * d.p));
    const other = coxZph(
      Float64Array.from(perm, (i) => d.time[i]!),
      Uint8Array.from(perm, (i) => d.event[i]!),
      x,
      d.p,
      fit.coef,
      { strata: Int32Array.from(perm, (i) => 10 - d.strata![i]!) },
    );
    other.covariates.forEach((z, j) => expect(rel(z.chisq, base.covariates[j]!.chisq)).toBeLessThan(1e-10));
    expect(rel(other.global.chisq, base.global.chisq)).toBeLessThan(1e-10);
  });

  it('depends on time only through its order (the KM transform is rank-based)', () => {
    const other = coxZph(d.time.map(Math.sqrt), d.event, d.x, d.p, fit.coef, { strata: d.strata });
    expect(rel(other.global.chisq, base.global.chisq)).toBeLessThan(1e-10);
  });
});
