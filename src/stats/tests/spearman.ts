/**
 * Spearman's rank correlation test, as R's cor.test(x, y, method = "spearman") with its defaults (two-sided,
 * exact = NULL, continuity = FALSE).
 *
 * rho is the Pearson correlation of the mid-ranks; S = (n³ − n)(1 − rho)/6. The p-value follows R:
 * - no ties and n ≤ 1290: algorithm AS 89 (Best & Roberts 1975) as R's prho.c runs it — the exact permutation
 *   distribution for n ≤ 9, and AS 89's Edgeworth series approximation for 10 ≤ n ≤ 1290 (so "exact" in R's
 *   output means AS 89, which is an approximation above n = 9);
 * - ties or n > 1290: the t approximation t = r / √((1 − r²)/(n − 2)) on n − 2 df.
 */
import { normalCdf, studentTCdf } from '../distributions-more.ts';
import { InputError } from '../../core/errors.ts';
import { midRanks } from './ranks.ts';

export interface SpearmanResult {
  rho: number;
  /** R's statistic S. */
  s: number;
  /** Two-sided p-value. */
  p: number;
  /** Which computation gave p: exact enumeration, AS 89 Edgeworth series, or the t approximation. */
  method: 'exact' | 'edgeworth' | 't';
  n: number;
}

const EXACT_MAX_N = 9; // R's n_small in prho.c
const AS89_MAX_N = 1290; // R's cor.test switches to the t approximation above this

/** Counts of S' = Σ (i − π(i))² over all n! permutations π, indexed by S' (even values only occur). */
const permutationCounts = new Map<number, Float64Array>();
function sumSquaresCounts(n: number): Float64Array {
  const cached = permutationCounts.get(n);
  if (cached) return cached;
  const max = (n * n * n - n) / 3;
  const counts = new Float64Array(max + 1);
  const used = new Uint8Array(n);
  const place = (i: number, acc: number): void => {
    if (i === n) {
      counts[acc] = counts[acc]! + 1;
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = 1;
      place(i + 1, acc + (i - v) * (i - v));
      used[v] = 0;
    }
  };
  place(0, 0);
  permutationCounts.set(n, counts);
  return counts;
}

/**
 * AS 89: P(S ≥ is), or P(S < is) when `lowerTail` — the function R calls as pRho(round(q) + 2·lower, n, lower).
 */
export function spearmanTail(is: number, n: number, lowerTail: boolean): number {
  if (n <= 1) return lowerTail ? 0 : 1;
  if (is <= 0) return lowerTail ? 0 : 1;
  const n3 = (n * (n * n - 1)) / 3; // the largest value of S
  if (is > n3) return lowerTail ? 1 : 0;
  if (n <= EXACT_MAX_N) {
    const counts = sumSquaresCounts(n);
    let total = 0;
    let atLeast = 0;
    for (let s = 0; s < counts.length; s++) {
      total += counts[s]!;
      if (s >= is) atLeast += counts[s]!;
    }
    // R's loop counts "is <= ise" except when is equals the maximum, where it counts 1 permutation.
    if (is === n3) atLeast = 1;
    return (lowerTail ? total - atLeast : atLeast) / total;
  }
  // Edgeworth series with AS 89's coefficients.
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  let y = x * x;
  const u =
    x *
    b *
    (0.2274 +
      b * (0.2531 + 0.1745 * b) +
      y *
        (-0.0758 +
          b * (0.1033 + 0.3932 * b) -
          y * b * (0.0879 + 0.0151 * b - y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))));
  y = u / Math.exp(y / 2);
  const pv = (lowerTail ? -y : y) + normalCdf(x, lowerTail);
  return Math.min(1, Math.max(0, pv));
}

/** cor.test(x, y, method = "spearman"). Pairs with a NaN (NA) on either side are dropped, as R does. */
export function spearman(xIn: Float64Array, yIn: Float64Array): SpearmanResult {
  if (xIn.length !== yIn.length) throw new InputError('y', 'x and y must have the same length');
  const keep: number[] = [];
  for (let i = 0; i < xIn.length; i++) if (!Number.isNaN(xIn[i]!) && !Number.isNaN(yIn[i]!)) keep.push(i);
  const n = keep.length;
  if (n < 2) throw new InputError('x', 'not enough finite observations');
  const rx = midRanks(
    Float64Array.from(keep, (i) => xIn[i]!),
    'x',
  );
  const ry = midRanks(
    Float64Array.from(keep, (i) => yIn[i]!),
    'y',
  );
  const mean = (n + 1) / 2; // mid-ranks always average (n + 1)/2
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx.ranks[i]! - mean;
    const c = ry.ranks[i]! - mean;
    sxy += a * c;
    sxx += a * a;
    syy += c * c;
  }
  if (sxx === 0 || syy === 0) throw new InputError(sxx === 0 ? 'x' : 'y', 'the values are all equal');
  const rho = sxy / Math.sqrt(sxx * syy);
  const s = ((n * n * n - n) * (1 - rho)) / 6;
  const ties = rx.tieSum > 0 || ry.tieSum > 0;
  const useAs89 = !ties && n <= AS89_MAX_N;
  const tail = (lower: boolean): number => {
    if (useAs89) return spearmanTail(Math.round(s) + (lower ? 2 : 0), n, lower);
    const r = 1 - s / ((n * (n * n - 1)) / 6);
    // A small S is a large rho: the lower tail of S is the upper tail of t.
    return studentTCdf(r / Math.sqrt((1 - r * r) / (n - 2)), n - 2, !lower);
  };
  // R: p from the upper tail of rho (lower tail of S) when S is below its mean, else the other tail.
  const half = s > (n * n * n - n) / 6 ? tail(false) : tail(true);
  const method = useAs89 ? (n <= EXACT_MAX_N ? 'exact' : 'edgeworth') : 't';
  return { rho, s, p: Math.min(2 * half, 1), method, n };
}
