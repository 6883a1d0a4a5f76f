import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClusteringData } from '../../../test/fixtures/stats/clustering-fixtures.ts';
import { adjustedRandIndex } from '../cluster/ari.ts';
import { InputError } from '../../core/errors.ts';
import { fitGaussianMixture, mixtureBic, type MixtureModel } from './gaussian-mixture.ts';
import { gaussianMixtureBic } from './mixture-bic.ts';

/** One fit as mixture.R writes it; loglik null = mclust returned NA (singular). */
interface RFit {
  model: MixtureModel;
  k: number;
  init?: number[];
  loglik: number | null;
  iterations?: number;
  bic?: number;
  pro?: number[];
  mean?: number[][];
  sigma?: number[][];
  classification?: number[];
}
interface MixtureExpected {
  name: string;
  n: number;
  p: number;
  tol: number;
  me: RFit[];
  mclust: RFit[];
  singular: RFit;
}

const datasets = ['planted150x4', 'planted300x10', 'iris'] as const;

function loadExpected(name: string): MixtureExpected {
  const url = new URL(`../../../test/fixtures/stats/expected/mixture-${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as MixtureExpected;
}

/** |a − b| ≤ rel·|b|, with an absolute floor rel·scale for values near 0 (means of centred variables). */
function expectClose(a: number, b: number, rel: number, scale = 1): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), scale));
}

// The brief asks for 1e-6 relative; both sides run the same iterations, so agreement is ~1e-14 and we assert 1e-10.
const REL = 1e-10;

describe.each(datasets)('EM against mclust::me(model, x, unmap(init)) on %s', (name) => {
  const expected = loadExpected(name);
  const { x, n, p } = loadClusteringData(name);
  it('uses mclust’s default tolerance', () => {
    expect(expected.tol).toBe(1e-5);
  });
  const cases = expected.me.map((f) => [f.model, f.k, f] as const);
  it.each(cases)(
    '%s k = %i: loglik, BIC, pro, means, covariances within 1e-10 relative; same iterations and map',
    (model, k, r) => {
      const initial = Int32Array.from(r.init!, (c) => c - 1);
      if (r.loglik === null) {
        expect(() => fitGaussianMixture(x, n, p, { k, model, initial })).toThrow(InputError);
        return;
      }
      const fit = fitGaussianMixture(x, n, p, { k, model, initial });
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBe(r.iterations);
      expectClose(fit.loglik, r.loglik, REL);
      expectClose(fit.bic, r.bic!, REL);
      expect(fit.bic).toBeCloseTo(mixtureBic(model, fit.loglik, n, p, k), 9);
      // From the same partition, component c is R's column c + 1: no relabelling needed.
      for (let c = 0; c < k; c++) {
        expectClose(fit.pro[c]!, r.pro![c]!, REL);
        for (let j = 0; j < p; j++) expectClose(fit.mean[c * p + j]!, r.mean![c]![j]!, REL);
        const scale = Math.max(...r.sigma![c]!.map(Math.abs));
        for (let e = 0; e < p * p; e++) expectClose(fit.sigma[c * p * p + e]!, r.sigma![c]![e]!, REL, scale);
      }
      expect(Array.from(fit.classification, (c) => c + 1)).toEqual(r.classification);
    },
  );
  it('a 2-point component in VVV is singular, as mclust (NA): InputError naming the component', () => {
    expect(expected.singular.loglik).toBeNull();
    const initial = Int32Array.from(expected.singular.init!, (c) => c - 1);
    expect(() => fitGaussianMixture(x, n, p, { k: 2, model: 'VVV', initial })).toThrow(/component 1 .*singular/);
  });
});

describe.each(['planted150x4', 'planted300x10'] as const)(
  'default k-means initialisation against Mclust(x, G = k, modelNames) on %s',
  (name) => {
    const expected = loadExpected(name);
    const { x, n, p } = loadClusteringData(name);
    it.each(expected.mclust.map((f) => [f.model, f] as const))(
      '%s: ARI = 1, loglik and BIC within 1e-6 relative',
      (model, r) => {
        for (const seed of [1, 2, 3]) {
          const fit = fitGaussianMixture(x, n, p, { k: r.k, model, random: seed });
          expect(adjustedRandIndex(fit.classification, r.classification!)).toBe(1);
          expectClose(fit.loglik, r.loglik!, 1e-6);
          expectClose(fit.bic, r.bic!, 1e-6);
        }
      },
    );
  },
);

describe('default initialisation against Mclust on iris (overlapping clusters: different starts, different stops)', () => {
  const expected = loadExpected('iris');
  const { x, n, p } = loadClusteringData('iris');
  it('VVV k = 3: same classification; loglik within 1e-6 relative (the two EM runs stop at tol 1e-5 at different points)', () => {
    const r = expected.mclust.find((f) => f.model === 'VVV')!;
    const fit = fitGaussianMixture(x, n, p, { k: 3, model: 'VVV', random: 1 });
    expect(adjustedRandIndex(fit.classification, r.classification!)).toBe(1);
    expectClose(fit.loglik, r.loglik!, 1e-6);
  });
  it('VVI k = 3: the k-means start reaches a (slightly) higher loglik than mclust’s hierarchical start', () => {
    const r = expected.mclust.find((f) => f.model === 'VVI')!;
    const fit = fitGaussianMixture(x, n, p, { k: 3, model: 'VVI', random: 1 });
    expect(fit.loglik).toBeGreaterThan(r.loglik!);
    expect(adjustedRandIndex(fit.classification, r.classification!)).toBeGreaterThan(0.95);
  });
});

describe('gaussianMixtureBic', () => {
  const { x, n, p } = loadClusteringData('planted150x4');
  it('prefers the planted k = 3 and reports singular fits as NaN', () => {
    const table = gaussianMixtureBic(x, n, p, { model: 'VVV', ks: [1, 2, 3, 4], random: 5 });
    const best = table.reduce((a, b) => (b.bic > a.bic ? b : a));
    expect(best.k).toBe(3);
    const tiny = Float64Array.from([0, 0, 1, 1, 2, 2, 10, 10, 11, 11]);
    const bad = gaussianMixtureBic(tiny, 5, 2, { model: 'VVV', ks: [1, 2], random: 1 });
    expect(bad[1]!.singular).toBe(true);
    expect(bad[1]!.bic).toBeNaN();
  });
});

describe('singularity thresholds against mclust::me on near-singular components (mixture-nearsingular)', () => {
  const rows = readFileSync(
    new URL('../../../test/fixtures/stats/data/mixture-nearsingular.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(',').map(Number));
  const expected = JSON.parse(
    readFileSync(new URL('../../../test/fixtures/stats/expected/mixture-nearsingular.json', import.meta.url), 'utf8'),
  ) as { init: number[]; fits: { s: number; model: MixtureModel; loglik: number | null }[] };
  const initial = Int32Array.from(expected.init, (c) => c - 1);
  it.each(expected.fits.map((f) => [f.model, f.s, f] as const))(
    '%s, spread %s: fit or NA exactly as mclust',
    (model, s, r) => {
      const x = Float64Array.from(rows.filter((row) => row[0] === s).flatMap((row) => row.slice(1)));
      const run = () => fitGaussianMixture(x, x.length / 2, 2, { k: 2, model, initial });
      if (r.loglik === null) {
        expect(run).toThrow(InputError);
      } else {
        expectClose(run().loglik, r.loglik, REL);
      }
    },
  );
});
