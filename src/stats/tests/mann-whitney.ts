/**
 * Wilcoxon rank-sum (Mann–Whitney) test for two independent samples, as R's wilcox.test(x, y) with its
 * defaults (two-sided, mu = 0, exact = NULL, correct = TRUE).
 *
 * W = Σ ranks of x − n_x(n_x + 1)/2 (the number of pairs with x > y, ties counting one half). R computes the
 * exact p-value when both samples have fewer than 50 values and there are no ties; otherwise the normal
 * approximation with continuity correction and the tie-corrected variance. Same here.
 */
import { normalCdf } from '../distributions-more.ts';
import { InputError } from '../../core/errors.ts';
import { midRanks } from './ranks.ts';

export interface MannWhitneyResult {
  /** R's STATISTIC W. */
  w: number;
  /** Two-sided p-value. */
  p: number;
  /** True when p is the exact permutation p-value, false for the normal approximation. */
  exact: boolean;
  /** The standardized statistic with continuity correction (NaN for the exact test). */
  z: number;
  nx: number;
  ny: number;
}

/**
 * Counts of the Mann–Whitney statistic U = 0 … m·n under the null (all C(m+n, m) rank subsets equally likely),
 * by the recurrence over subset size and rank sum. Doubles: counts beyond 2^53 keep ~1e-16 relative precision,
 * and only additions are used, so no cancellation.
 */
export function mannWhitneyCounts(m: number, n: number): Float64Array {
  const N = m + n;
  const maxSum = (m * (2 * N - m + 1)) / 2; // largest rank sum of m ranks
  // t[k][s]: number of k-subsets of {1..j} with rank sum s (j grows); rows stored flat.
  const width = maxSum + 1;
  const t = new Float64Array((m + 1) * width);
  t[0] = 1;
  for (let j = 1; j <= N; j++) {
    for (let k = Math.min(j, m); k >= 1; k--) {
      const row = k * width;
      const prev = (k - 1) * width;
      for (let s = maxSum; s >= j; s--) t[row + s] = t[row + s]! + t[prev + s - j]!;
    }
  }
  const base = (m * (m + 1)) / 2;
  const counts = new Float64Array(m * n + 1);
  for (let u = 0; u <= m * n; u++) counts[u] = t[m * width + base + u]!;
  return counts;
}

/** R's pwilcox(q, m, n) for integer q (lower tail P(W ≤ q)) or P(W ≥ q) with `upper`. */
function wilcoxTail(q: number, counts: Float64Array, upper: boolean): number {
  let total = 0;
  let tail = 0;
  for (let u = 0; u < counts.length; u++) {
    total += counts[u]!;
    if (upper ? u >= q : u <= q) tail += counts[u]!;
  }
  return tail / total;
}

function checkSample(v: Float64Array, field: string): Float64Array {
  const kept = v.filter((a) => !Number.isNaN(a)); // R drops NA
  if (kept.length < 1) throw new InputError(field, `${field} has no non-missing values`);
  for (const a of kept) if (!Number.isFinite(a)) throw new InputError(field, `${field} has an infinite value`);
  return kept;
}

/** wilcox.test(x, y): two-sided Wilcoxon rank-sum test. NaN (NA) values are dropped, as R does. */
export function mannWhitney(xIn: Float64Array, yIn: Float64Array): MannWhitneyResult {
  const x = checkSample(xIn, 'x');
  const y = checkSample(yIn, 'y');
  const nx = x.length;
  const ny = y.length;
  const all = new Float64Array(nx + ny);
  all.set(x);
  all.set(y, nx);
  const { ranks, tieSum } = midRanks(all);
  let rx = 0;
  for (let i = 0; i < nx; i++) rx += ranks[i]!;
  const w = rx - (nx * (nx + 1)) / 2;
  if (nx < 50 && ny < 50 && tieSum === 0) {
    const counts = mannWhitneyCounts(nx, ny);
    const p = w > (nx * ny) / 2 ? wilcoxTail(w, counts, true) : wilcoxTail(w, counts, false);
    return { w, p: Math.min(2 * p, 1), exact: true, z: Number.NaN, nx, ny };
  }
  const N = nx + ny;
  const centred = w - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - tieSum / (N * (N - 1))));
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  const p = 2 * Math.min(normalCdf(z), normalCdf(z, false));
  return { w, p, exact: false, z, nx, ny };
}
