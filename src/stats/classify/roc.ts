import { InputError } from '../../core/errors.ts';

/**
 * ROC curves and the area under them. A score at or above the threshold counts as positive. The points are
 * (fpr, tpr) at every distinct score, thresholds in decreasing order, so the curve runs from the first point
 * up to (1, 1); the implied start (0, 0) (threshold above every score) is not listed. The AUC is the
 * Mann–Whitney statistic, P(score of a positive > score of a negative) + ½ P(tie), as
 * `wilcox.test(pos, neg)$statistic / (n1 n0)` in R; it equals the trapezoidal area under (0, 0) and the points.
 */

export interface RocCurve {
  /** Distinct scores, decreasing. */
  threshold: Float64Array;
  fpr: Float64Array;
  tpr: Float64Array;
  auc: number;
  positives: number;
  negatives: number;
}

export function rocCurve(score: Float64Array, positive: Uint8Array): RocCurve {
  const n = score.length;
  if (positive.length !== n) throw new InputError('positive', 'score and positive must have the same length');
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(score[i]!)) throw new InputError('score', `score[${i}] is not a finite number`);
    if (positive[i] !== 0 && positive[i] !== 1) throw new InputError('positive', 'positive must be 0 or 1');
    n1 += positive[i]!;
  }
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) throw new InputError('positive', 'need at least one positive and one negative');
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  const threshold: number[] = [];
  const fpr: number[] = [];
  const tpr: number[] = [];
  let tp = 0;
  let fp = 0;
  let area2 = 0; // twice the Mann–Whitney count: pairs ranked right count 2, tied pairs 1
  for (let start = 0; start < n;) {
    let end = start;
    let dtp = 0;
    let dfp = 0;
    while (end < n && score[order[end]!] === score[order[start]!]) {
      if (positive[order[end]!] === 1) dtp++;
      else dfp++;
      end++;
    }
    // Negatives at this score lose to all positives above it and tie with the positives here.
    area2 += dfp * (2 * tp + dtp);
    tp += dtp;
    fp += dfp;
    threshold.push(score[order[start]!]!);
    fpr.push(fp / n0);
    tpr.push(tp / n1);
    start = end;
  }
  return {
    threshold: Float64Array.from(threshold),
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    auc: area2 / 2 / (n1 * n0),
    positives: n1,
    negatives: n0,
  };
}

/**
 * One-vs-rest ROC curves of K-class probabilities `prob` (n × K, row-major): curve k scores class k's
 * probability against "truth is k".
 */
export function rocOneVsRest(prob: Float64Array, truth: Int32Array, classes: number): RocCurve[] {
  const n = truth.length;
  if (prob.length !== n * classes) throw new InputError('prob', 'prob must hold n × K values');
  const curves: RocCurve[] = [];
  for (let k = 0; k < classes; k++) {
    const score = Float64Array.from({ length: n }, (_, i) => prob[i * classes + k]!);
    const positive = Uint8Array.from(truth, (t) => (t === k ? 1 : 0));
    curves.push(rocCurve(score, positive));
  }
  return curves;
}
