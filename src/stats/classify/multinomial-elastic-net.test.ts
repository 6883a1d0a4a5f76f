import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadClassifyData } from '../../../test/fixtures/stats/classify-fixtures.ts';
import { InputError } from '../../core/errors.ts';
import { elc, multinomialElasticNet } from './multinomial-elastic-net.ts';
import { predictProbabilities, predictProbabilitiesAt } from './predict.ts';

// Fixtures written by test/fixtures/stats/classify.R (glmnet 4.1-6, thresh = 1e-12).
const datasets = ['sim3', 'iris', 'sim2'] as const;
interface RFit {
  lambda: number[];
  a0: number[][]; // [class][lambda]
  beta: number[][][]; // [class][lambda][variable]
  dev_ratio: number[];
  nulldev: number;
}
interface Expected {
  n: number;
  p: number;
  K: number;
  fits: Record<string, RFit>;
  lambda100: Record<string, number[]>;
  predict: { lambda: number; alpha: number; prob: number[][]; interpolated: { s: number; prob: number[][] }[] };
}
const load = (name: string) => loadClassifyData<Expected>(name);

/** Largest absolute difference of intercepts and coefficients, over lambdas from..L−1 and every class. */
function maxCoefDiff(fit: ReturnType<typeof multinomialElasticNet>, r: RFit, from = 0): number {
  const { classes: K, p } = fit;
  let d = 0;
  for (let l = from; l < r.lambda.length; l++) {
    for (let k = 0; k < K; k++) {
      d = Math.max(d, Math.abs(fit.a0[l * K + k]! - r.a0[k]![l]!));
      for (let j = 0; j < p; j++) d = Math.max(d, Math.abs(fit.beta[(l * K + k) * p + j]! - r.beta[k]![l]![j]!));
    }
  }
  return d;
}

const alphas = ['1', '0.5', '0'] as const;

describe.each(datasets)('multinomialElasticNet against glmnet(family = "multinomial", ungrouped) on %s', (name) => {
  const { x, y, n, p, expected } = load(name);
  it.each(alphas)("alpha %s, R's lambda sequence: coefficients within 1e-5 (absolute)", (a) => {
    const r = expected.fits[a]!;
    const fit = multinomialElasticNet(x, n, p, y, { alpha: Number(a), lambda: r.lambda, thresh: 1e-12 });
    expect(fit.lambda.length).toBe(r.lambda.length);
    // R fits its own first lambda at "infinity" (all zero) and reports lambda_max; for lasso/elastic net that is
    // the same solution, for ridge (whose lambda_max uses alpha = 0.001) it is not, so ridge skips that one.
    expect(maxCoefDiff(fit, r, a === '0' ? 1 : 0)).toBeLessThan(1e-5);
  });
  it.each(alphas)(
    'alpha %s, default path: lambdas within 1e-12 (relative), same length, coefficients, dev.ratio',
    (a) => {
      const r = expected.fits[a]!;
      const fit = multinomialElasticNet(x, n, p, y, { alpha: Number(a), nlambda: 50, thresh: 1e-12 });
      expect(fit.converged).toBe(true);
      expect(fit.lambda.length).toBe(r.lambda.length);
      r.lambda.forEach((l, i) => expect(Math.abs(fit.lambda[i]! - l)).toBeLessThan(1e-12 * l));
      expect(maxCoefDiff(fit, r)).toBeLessThan(1e-5);
      r.dev_ratio.forEach((d, i) => expect(Math.abs(fit.devRatio[i]! - d)).toBeLessThan(1e-8));
      expect(Math.abs(fit.nullDev - r.nulldev)).toBeLessThan(1e-9 * r.nulldev);
      // nlambda = 100 (glmnet's default): the same early stopping.
      const long = expected.lambda100[a]!;
      const fit100 = multinomialElasticNet(x, n, p, y, { alpha: Number(a), thresh: 1e-12 });
      expect(fit100.lambda.length).toBe(long.length);
      long.forEach((l, i) => expect(Math.abs(fit100.lambda[i]! - l)).toBeLessThan(1e-12 * l));
    },
  );
  it('predict(type = "response") at lambda[10], alpha 0.5: within 1e-8', () => {
    const fit = multinomialElasticNet(x, n, p, y, { alpha: 0.5, nlambda: 50, thresh: 1e-12 });
    expect(fit.lambda[9]).toBeCloseTo(expected.predict.lambda, 12);
    const prob = predictProbabilities(fit, x, n, 9);
    expected.predict.prob.forEach((row, i) =>
      row.forEach((v, k) => expect(Math.abs(prob[i * expected.K + k]! - v)).toBeLessThan(1e-8)),
    );
    expect(predictProbabilitiesAt(fit, x, n, fit.lambda[9]!)).toEqual(prob);
  });
  it('predict at lambdas between path points and beyond its ends (linear interpolation): within 1e-8', () => {
    const fit = multinomialElasticNet(x, n, p, y, { alpha: 0.5, nlambda: 50, thresh: 1e-12 });
    const x20 = x.subarray(0, 20 * p);
    for (const { s, prob: rProb } of expected.predict.interpolated) {
      const prob = predictProbabilitiesAt(fit, x20, 20, s);
      rProb.forEach((row, i) =>
        row.forEach((v, k) => expect(Math.abs(prob[i * expected.K + k]! - v)).toBeLessThan(1e-8)),
      );
    }
  });
});

const smallProblem = fc.integer({ min: 12, max: 40 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    p: fc.integer({ min: 1, max: 4 }),
    K: fc.integer({ min: 2, max: 4 }),
    seed: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 160, maxLength: 160 }),
    alpha: fc.constantFrom(0, 0.3, 1),
  }),
);
function problem({ n, p, K, seed }: { n: number; p: number; K: number; seed: number[] }) {
  const x = Float64Array.from({ length: n * p }, (_, i) => seed[i % seed.length]! + (i % 7) * 0.1 + i * 1e-3);
  // Every class appears at least twice; the rest follow the first feature so there is signal.
  const y = Int32Array.from({ length: n }, (_, i) => (i < 2 * K ? i % K : Math.abs(Math.floor(x[i * p]! * 2)) % K));
  return { x, y };
}

describe('multinomialElasticNet properties', () => {
  it('probabilities are in [0, 1] and sum to 1 at every lambda', () => {
    fc.assert(
      fc.property(smallProblem, (s) => {
        const { x, y } = problem(s);
        const fit = multinomialElasticNet(x, s.n, s.p, y, { alpha: s.alpha, nlambda: 8, classes: s.K });
        for (let l = 0; l < fit.lambda.length; l++) {
          const prob = predictProbabilities(fit, x, s.n, l);
          for (let i = 0; i < s.n; i++) {
            let sum = 0;
            for (let k = 0; k < s.K; k++) {
              expect(prob[i * s.K + k]).toBeGreaterThanOrEqual(0);
              sum += prob[i * s.K + k]!;
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('at lambda_max every coefficient is zero and the intercepts give the class frequencies (alpha > 0)', () => {
    fc.assert(
      fc.property(smallProblem, (s) => {
        const { x, y } = problem(s);
        const alpha = s.alpha === 0 ? 0.5 : s.alpha;
        const fit = multinomialElasticNet(x, s.n, s.p, y, { alpha, nlambda: 5, classes: s.K });
        expect(Array.from(fit.beta.subarray(0, s.K * s.p)).every((b) => b === 0)).toBe(true);
        // Passing lambda_max itself (not R's "infinity") gives zeros too: it is the smallest such lambda.
        const atMax = multinomialElasticNet(x, s.n, s.p, y, { alpha, lambda: [fit.lambda[0]!], classes: s.K });
        expect(Array.from(atMax.beta).every((b) => Math.abs(b) < 1e-12)).toBe(true);
        const prob = predictProbabilities(fit, x, s.n, 0);
        for (let k = 0; k < s.K; k++) {
          const freq = y.filter((c) => c === k).length / s.n;
          expect(Math.abs(prob[k]! - freq)).toBeLessThan(1e-12);
        }
        let sum = 0;
        for (let k = 0; k < s.K; k++) sum += fit.a0[k]!;
        expect(Math.abs(sum)).toBeLessThan(1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('elc: the mean for ridge or 2 classes, the median for lasso, and otherwise minimises the penalty', () => {
    expect(elc(0, Float64Array.from([1, 2, 6]))).toBe(3);
    expect(elc(1, Float64Array.from([1, 2, 6]))).toBe(2);
    expect(elc(1, Float64Array.from([1, 5]))).toBe(3);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 6 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (v, alpha) => {
          const a = Float64Array.from(v);
          const pen = (s: number) =>
            v.reduce((t, c) => t + ((1 - alpha) / 2) * (c - s) ** 2 + alpha * Math.abs(c - s), 0);
          const s = elc(alpha, a);
          for (const t of [s - 1e-3, s + 1e-3, ...v]) expect(pen(s)).toBeLessThanOrEqual(pen(t) + 1e-9);
        },
      ),
    );
  });

  it('rejects unusable input', () => {
    const x = Float64Array.from({ length: 20 }, (_, i) => i);
    const y = Int32Array.from({ length: 10 }, (_, i) => i % 2);
    expect(() => multinomialElasticNet(x, 10, 2, y, { alpha: 2 })).toThrow(InputError);
    expect(() => multinomialElasticNet(x, 10, 2, Int32Array.from(y).fill(0, 1))).toThrow(InputError);
    expect(() => multinomialElasticNet(x, 10, 3, y)).toThrow(InputError);
    expect(() => multinomialElasticNet(x, 10, 2, y, { lambda: [0.1, 0.2] })).toThrow(InputError);
    const bad = Float64Array.from(x);
    bad[3] = Number.NaN;
    expect(() => multinomialElasticNet(bad, 10, 2, y)).toThrow(InputError);
    expect(() => predictProbabilities(multinomialElasticNet(x, 10, 2, y, { nlambda: 3 }), x, 10, 3)).toThrow(
      InputError,
    );
  });

  it('a constant column gets coefficient 0 and does not disturb the others', () => {
    const { x, y, n, p } = load('sim2');
    const wider = new Float64Array(n * (p + 1));
    for (let i = 0; i < n; i++) {
      wider.set(x.subarray(i * p, (i + 1) * p), i * (p + 1));
      wider[i * (p + 1) + p] = 7;
    }
    const a = multinomialElasticNet(x, n, p, y, { nlambda: 20 });
    const b = multinomialElasticNet(wider, n, p + 1, y, { nlambda: 20 });
    expect(b.lambda).toEqual(a.lambda);
    for (let l = 0; l < a.lambda.length; l++) {
      for (let k = 0; k < 2; k++) {
        expect(b.beta[(l * 2 + k) * (p + 1) + p]).toBe(0);
        for (let j = 0; j < p; j++) expect(b.beta[(l * 2 + k) * (p + 1) + j]).toBe(a.beta[(l * 2 + k) * p + j]);
      }
    }
  });
});
