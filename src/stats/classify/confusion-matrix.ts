import { InputError } from '../../core/errors.ts';

/** Predicted class of each row of `prob` (n × K, row-major): the most probable, the first on ties (R's max.col(ties.method = "first")). */
export function predictedClass(prob: Float64Array, n: number, classes: number): Int32Array {
  if (prob.length !== n * classes) throw new InputError('prob', 'prob must hold n × K values');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (prob[i * classes + k]! > prob[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

export interface ConfusionMatrix {
  classes: number;
  /** counts[t·K + c]: observations of true class t predicted as c (R's table(truth, predicted)). */
  counts: Int32Array;
  /** Fraction on the diagonal. */
  accuracy: number;
}

/** Cross-tabulation of true against predicted classes, both 0 … K − 1. */
export function confusionMatrix(truth: Int32Array, predicted: Int32Array, classes: number): ConfusionMatrix {
  const n = truth.length;
  if (predicted.length !== n) throw new InputError('predicted', 'truth and predicted must have the same length');
  if (!Number.isInteger(classes) || classes < 1) throw new InputError('classes', 'classes must be ≥ 1');
  const counts = new Int32Array(classes * classes);
  let right = 0;
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    const c = predicted[i]!;
    if (t < 0 || t >= classes || c < 0 || c >= classes)
      throw new InputError(t < 0 || t >= classes ? 'truth' : 'predicted', `class at ${i} is not in 0 … ${classes - 1}`);
    counts[t * classes + c]!++;
    if (t === c) right++;
  }
  return { classes, counts, accuracy: n === 0 ? Number.NaN : right / n };
}
