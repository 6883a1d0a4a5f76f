import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadClassifyData } from '../../../test/fixtures/stats/classify-fixtures.ts';
import { InputError } from '../../core/errors.ts';
import { Rng } from '../random.ts';
import { assignFolds, chooseLambda, crossValidate } from './cross-validation.ts';

// Fixtures written by test/fixtures/stats/classify.R: cv.glmnet(..., foldid, type.measure = "deviance", nlambda = 50).
interface RCv {
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  lambda_min: number;
  lambda_1se: number;
}
const load = (name: string) => {
  const { expected, ...data } = loadClassifyData<{ cv: Record<string, RCv> }>(name);
  return { ...data, cv: expected.cv };
};

describe.each(['sim3', 'iris', 'sim2'])(
  'crossValidate against cv.glmnet(type.measure = "deviance", foldid) on %s',
  (name) => {
    const { x, y, n, p, fold, cv } = load(name);
    it.each(['1', '0.5', '0'])(
      'alpha %s: cvm and cvsd within 1e-5 (relative), lambda.min and lambda.1se at the same index',
      (a) => {
        const r = cv[a]!;
        const res = crossValidate(x, n, p, y, { alpha: Number(a), nlambda: 50, thresh: 1e-12, foldid: fold });
        expect(res.lambda.length).toBe(r.lambda.length);
        r.cvm.forEach((m, l) => expect(Math.abs(res.cvm[l]! - m)).toBeLessThan(1e-5 * m));
        r.cvsd.forEach((s, l) => expect(Math.abs(res.cvsd[l]! - s)).toBeLessThan(1e-5 * s));
        // Same path (to ~1e-16) and folds: the same positions; the values agree to rounding of the path.
        expect(res.indexMin).toBe(r.lambda.indexOf(r.lambda_min));
        expect(res.index1se).toBe(r.lambda.indexOf(r.lambda_1se));
        expect(Math.abs(res.lambdaMin - r.lambda_min)).toBeLessThan(1e-12 * r.lambda_min);
        expect(Math.abs(res.lambda1se - r.lambda_1se)).toBeLessThan(1e-12 * r.lambda_1se);
        expect(res.lambda[res.indexMin]).toBe(res.lambdaMin);
      },
    );
    it('alpha 0.5 with the lambdas given (the folds follow that path): same tolerances', () => {
      const r = cv['0.5-given-lambda']!;
      const res = crossValidate(x, n, p, y, { alpha: 0.5, lambda: r.lambda, thresh: 1e-12, foldid: fold });
      r.cvm.forEach((m, l) => expect(Math.abs(res.cvm[l]! - m)).toBeLessThan(1e-5 * m));
      r.cvsd.forEach((s, l) => expect(Math.abs(res.cvsd[l]! - s)).toBeLessThan(1e-5 * s));
      expect(res.lambdaMin).toBe(r.lambda_min);
      expect(res.lambda1se).toBe(r.lambda_1se);
    });
  },
);

describe('cross-validation properties', () => {
  it('folds from the seeded generator are balanced and reproducible', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (n, k, seed) => {
        fc.pre(k <= n);
        const f = assignFolds(n, k, seed);
        expect(assignFolds(n, k, new Rng(seed))).toEqual(f);
        const sizes = new Array<number>(k).fill(0);
        f.forEach((v) => sizes[v]!++);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('without foldid, uses the seeded folds (same seed, same result)', () => {
    const { x, y, n, p } = load('sim2');
    const a = crossValidate(x, n, p, y, { nlambda: 10, nfolds: 5, random: 42 });
    const b = crossValidate(x, n, p, y, { nlambda: 10, foldid: assignFolds(n, 5, 42) });
    expect(a.foldid).toEqual(assignFolds(n, 5, 42));
    expect(Array.from(a.cvm)).toEqual(Array.from(b.cvm));
    expect(a.index1se).toBeLessThanOrEqual(a.indexMin);
  });

  it('chooseLambda: lambda.1se is never smaller than lambda.min', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 30,
        }),
        (v) => {
          const lambda = Float64Array.from(v, (_, i) => 1 / (i + 1));
          const { indexMin, index1se } = chooseLambda(
            lambda,
            Float64Array.from(v, (t) => t[0]),
            Float64Array.from(v, (t) => t[1]),
          );
          expect(lambda[index1se]!).toBeGreaterThanOrEqual(lambda[indexMin]!);
        },
      ),
    );
  });

  it('rejects fewer than 3 folds or a fold per observation of the wrong length', () => {
    const { x, y, n, p } = load('sim2');
    expect(() => crossValidate(x, n, p, y, { foldid: Int32Array.from({ length: n }, (_, i) => i % 2) })).toThrow(
      InputError,
    );
    expect(() => crossValidate(x, n, p, y, { foldid: new Int32Array(3) })).toThrow(InputError);
  });
});
