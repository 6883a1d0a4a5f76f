/**
 * Mid-ranks (R's rank(x) with ties.method = "average") and tie counts, shared by the rank tests.
 * Ties are exact equality of doubles, as in R (no rounding).
 */
import { InputError } from '../../core/errors.ts';

export interface Ranking {
  /** Mid-rank of each value, 1-based, in input order. */
  ranks: Float64Array;
  /** Size of every group of tied values with more than one member, in increasing order of value. */
  tieSizes: Int32Array;
  /** Σ (t³ − t) over the tie groups: the tie correction term of the rank tests. */
  tieSum: number;
}

/** Mid-ranks of `x`; every value must be finite (filter R's NA before calling). */
export function midRanks(x: Float64Array, field = 'x'): Ranking {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new InputError(field, `${field}[${i}] is not a finite number`);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let tieSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && x[order[end]!] === x[order[start]!]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    const t = end - start;
    if (t > 1) {
      ties.push(t);
      tieSum += t * t * t - t;
    }
    start = end;
  }
  return { ranks, tieSizes: Int32Array.from(ties), tieSum };
}
