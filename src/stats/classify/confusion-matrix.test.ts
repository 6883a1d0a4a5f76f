import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { confusionMatrix, predictedClass } from './confusion-matrix.ts';

// Fixtures written by test/fixtures/stats/classify.R: table(truth, max.col(prob, "first")).
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);

describe.each(['sim3', 'iris', 'sim2'])('confusionMatrix against R table(truth, argmax) on %s', (name) => {
  it('same counts', () => {
    const rows = readFileSync(new URL(`data/classify-${name}.csv`, fixtures), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((r) => r.split(',').map(Number));
    const p = rows[0]!.length - 2;
    const y = Int32Array.from(rows, (r) => r[p]! - 1);
    const e = JSON.parse(readFileSync(new URL(`expected/classify-${name}.json`, fixtures), 'utf8')) as {
      K: number;
      predict: { prob: number[][] };
      confusion: number[][];
    };
    const pred = predictedClass(Float64Array.from(e.predict.prob.flat()), y.length, e.K);
    const cm = confusionMatrix(y, pred, e.K);
    expect(Array.from(cm.counts)).toEqual(e.confusion.flat());
    const diagonal = e.confusion.reduce((s, row, k) => s + row[k]!, 0);
    expect(cm.accuracy).toBe(diagonal / y.length);
  });
});

describe('confusion matrix properties', () => {
  it('totals = n, row sums = class sizes of the truth, column sums = of the predictions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((K) =>
          fc.record({
            K: fc.constant(K),
            pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: K - 1 }), fc.integer({ min: 0, max: K - 1 })), {
              maxLength: 80,
            }),
          }),
        ),
        ({ K, pairs }) => {
          const truth = Int32Array.from(pairs, (t) => t[0]);
          const pred = Int32Array.from(pairs, (t) => t[1]);
          const cm = confusionMatrix(truth, pred, K);
          expect(cm.counts.reduce((a, b) => a + b, 0)).toBe(pairs.length);
          for (let k = 0; k < K; k++) {
            let row = 0;
            let column = 0;
            for (let c = 0; c < K; c++) {
              row += cm.counts[k * K + c]!;
              column += cm.counts[c * K + k]!;
            }
            expect(row).toBe(truth.filter((t) => t === k).length);
            expect(column).toBe(pred.filter((t) => t === k).length);
          }
        },
      ),
    );
  });

  it('argmax takes the first class on ties', () => {
    expect(Array.from(predictedClass(Float64Array.from([0.4, 0.4, 0.2, 0.1, 0.45, 0.45]), 2, 3))).toEqual([0, 1]);
  });

  it('rejects classes out of range and mismatched lengths', () => {
    expect(() => confusionMatrix(Int32Array.from([0, 3]), Int32Array.from([0, 1]), 3)).toThrow(InputError);
    expect(() => confusionMatrix(Int32Array.from([0]), Int32Array.from([0, 1]), 3)).toThrow(InputError);
    expect(() => predictedClass(new Float64Array(5), 2, 3)).toThrow(InputError);
  });
});
