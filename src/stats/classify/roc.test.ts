import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { rocCurve, rocOneVsRest } from './roc.ts';

// Fixtures written by test/fixtures/stats/classify.R: one-vs-rest on predict(glmnet alpha 0.5, s = lambda[10]).
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
interface Expected {
  K: number;
  predict: { prob: number[][] };
  roc: { auc: number; threshold: number[]; fpr: number[]; tpr: number[] }[];
}
function load(name: string) {
  const rows = readFileSync(new URL(`data/classify-${name}.csv`, fixtures), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(',').map(Number));
  const p = rows[0]!.length - 2;
  const expected = JSON.parse(readFileSync(new URL(`expected/classify-${name}.json`, fixtures), 'utf8')) as Expected;
  return {
    y: Int32Array.from(rows, (r) => r[p]! - 1),
    expected,
    prob: Float64Array.from(expected.predict.prob.flat()),
  };
}

describe.each(['sim3', 'iris', 'sim2'])(
  'rocOneVsRest against R (wilcox.test statistic / (n1 n0), thresholds) on %s',
  (name) => {
    const { y, expected, prob } = load(name);
    it('AUC within 1e-12, every (threshold, fpr, tpr) exact', () => {
      const curves = rocOneVsRest(prob, y, expected.K);
      curves.forEach((c, k) => {
        const r = expected.roc[k]!;
        expect(Math.abs(c.auc - r.auc)).toBeLessThan(1e-12);
        expect(Array.from(c.threshold)).toEqual(r.threshold);
        expect(Array.from(c.fpr)).toEqual(r.fpr);
        expect(Array.from(c.tpr)).toEqual(r.tpr);
      });
    });
  },
);

const scored = fc.integer({ min: 2, max: 60 }).chain((n) =>
  fc.record({
    // Few distinct values, so ties are common.
    score: fc.array(
      fc.integer({ min: -5, max: 5 }).map((v) => v / 4),
      { minLength: n, maxLength: n },
    ),
    positive: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
  }),
);
const usable = (s: { positive: number[] }) => s.positive.includes(0) && s.positive.includes(1);

describe('ROC properties', () => {
  it('AUC in [0, 1]; AUC(1 − score) = 1 − AUC; equals the trapezoidal area from (0, 0); curve ends at (1, 1)', () => {
    fc.assert(
      fc.property(scored, (s) => {
        fc.pre(usable(s));
        const score = Float64Array.from(s.score);
        const positive = Uint8Array.from(s.positive);
        const c = rocCurve(score, positive);
        expect(c.auc).toBeGreaterThanOrEqual(0);
        expect(c.auc).toBeLessThanOrEqual(1);
        const flipped = rocCurve(
          Float64Array.from(score, (v) => 1 - v),
          positive,
        );
        expect(Math.abs(flipped.auc - (1 - c.auc))).toBeLessThan(1e-12);
        let area = 0;
        let [fx, ty] = [0, 0];
        c.fpr.forEach((f, i) => {
          area += ((f - fx) * (c.tpr[i]! + ty)) / 2;
          [fx, ty] = [f, c.tpr[i]!];
        });
        expect(Math.abs(area - c.auc)).toBeLessThan(1e-12);
        expect(c.fpr[c.fpr.length - 1]).toBe(1);
        expect(c.tpr[c.tpr.length - 1]).toBe(1);
        for (let i = 1; i < c.fpr.length; i++) {
          expect(c.fpr[i]!).toBeGreaterThanOrEqual(c.fpr[i - 1]!);
          expect(c.tpr[i]!).toBeGreaterThanOrEqual(c.tpr[i - 1]!);
          expect(c.threshold[i]!).toBeLessThan(c.threshold[i - 1]!);
        }
      }),
    );
  });

  it('a perfect score has AUC 1, a constant score 0.5', () => {
    expect(rocCurve(Float64Array.from([0.1, 0.2, 0.8, 0.9]), Uint8Array.from([0, 0, 1, 1])).auc).toBe(1);
    expect(rocCurve(Float64Array.from([3, 3, 3]), Uint8Array.from([0, 1, 1])).auc).toBe(0.5);
  });

  it('rejects a single class, non-finite scores and mismatched lengths', () => {
    expect(() => rocCurve(Float64Array.from([1, 2]), Uint8Array.from([1, 1]))).toThrow(InputError);
    expect(() => rocCurve(Float64Array.from([1, Number.NaN]), Uint8Array.from([0, 1]))).toThrow(InputError);
    expect(() => rocCurve(Float64Array.from([1]), Uint8Array.from([0, 1]))).toThrow(InputError);
    expect(() => rocOneVsRest(new Float64Array(5), new Int32Array(2), 2)).toThrow(InputError);
  });
});
