import { InputError } from '../../core/errors.ts';

/**
 * Harrell's concordance of a risk score with survival, as R's `concordance(coxfit)` (timewt = "n", reverse =
 * TRUE: a higher score should mean an earlier event). A pair is comparable when the shorter time is an event;
 * two events at the same time are tied in time and not compared; a subject censored at the time of an event
 * counts as surviving longer. Ties in the score count one half:
 * C = (concordant + tied/2) / (concordant + discordant + tied). Pairs are formed within strata only.
 * O(n log n): times are walked from the last to the first with a Fenwick tree over score ranks.
 */
export function concordance(time: Float64Array, event: Uint8Array, score: Float64Array, strata?: Int32Array): number {
  const n = time.length;
  if (score.length !== n || event.length !== n || (strata !== undefined && strata.length !== n))
    throw new InputError('score', 'time, event, score and strata must have the same length');
  const c = concordanceCounts(time, event, score, strata);
  const total = c.concordant + c.discordant + c.tied;
  return total === 0 ? Number.NaN : (c.concordant + c.tied / 2) / total;
}

export interface ConcordanceCounts {
  concordant: number;
  discordant: number;
  /** Comparable pairs tied in the score. */
  tied: number;
}

export function concordanceCounts(
  time: Float64Array,
  event: Uint8Array,
  score: Float64Array,
  strata?: Int32Array,
): ConcordanceCounts {
  const n = time.length;
  // Dense ranks of the score (equal scores share a rank) for the Fenwick tree.
  const byScore = Int32Array.from(score, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  const rank = new Int32Array(n);
  let ranks = 0;
  byScore.forEach((i, k) => {
    if (k === 0 || score[i] !== score[byScore[k - 1]!]) ranks++;
    rank[i] = ranks; // 1-based
  });
  const s = strata ?? new Int32Array(n);
  const order = Int32Array.from(time, (_, i) => i).sort((a, b) => s[a]! - s[b]! || time[b]! - time[a]!);
  const tree = new Float64Array(ranks + 1);
  const add = (r: number, v: number) => {
    for (let k = r; k <= ranks; k += k & -k) tree[k]! += v;
  };
  const below = (r: number) => {
    let sum = 0;
    for (let k = r; k > 0; k -= k & -k) sum += tree[k]!;
    return sum;
  };
  const counts: ConcordanceCounts = { concordant: 0, discordant: 0, tied: 0 };
  let start = 0;
  while (start < n) {
    // One stratum: order[start, end).
    let end = start;
    while (end < n && s[order[end]!] === s[order[start]!]) end++;
    let inserted = 0;
    let g = start;
    while (g < end) {
      let h = g;
      while (h < end && time[order[h]!] === time[order[g]!]) h++;
      // Censored at this time survive longer than the deaths at this time: they join first.
      for (let k = g; k < h; k++) {
        const i = order[k]!;
        if (event[i] !== 1) {
          add(rank[i]!, 1);
          inserted++;
        }
      }
      for (let k = g; k < h; k++) {
        const i = order[k]!;
        if (event[i] !== 1) continue;
        const lower = below(rank[i]! - 1);
        const atOrBelow = below(rank[i]!);
        counts.concordant += lower;
        counts.tied += atOrBelow - lower;
        counts.discordant += inserted - atOrBelow;
      }
      for (let k = g; k < h; k++) {
        const i = order[k]!;
        if (event[i] === 1) {
          add(rank[i]!, 1);
          inserted++;
        }
      }
      g = h;
    }
    // Empty the tree for the next stratum.
    for (let k = start; k < end; k++) add(rank[order[k]!]!, -1);
    start = end;
  }
  return counts;
}
