/**
 * Small helpers shared by the outcome and marker analyses. Their results go into a run's JSON and an HTML
 * report, where NaN and ±Infinity would silently become null (JSON.stringify) and typed arrays would become
 * objects: so every number that may be undefined is reported as null, every array as a plain array.
 */
import { InputError } from '../core/errors.ts';
import { normalQuantile } from '../stats/distributions.ts';

/** A finite number, or null for what R would print as NA, NaN or Inf. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** A plain array, NaN and ±Infinity as null. */
export function plainArray(a: ArrayLike<number>): (number | null)[] {
  return Array.from(a, finiteOrNull);
}

/** A chi-square-type test as reported: null values with the reason when it could not be computed. */
export interface TestSummary {
  statistic: number | null;
  df: number | null;
  p: number | null;
  reason: string | null;
}

export function unavailableTest(reason: string): TestSummary {
  return { statistic: null, df: null, p: null, reason };
}

/**
 * Runs a stats routine that throws InputError when the data cannot support it (a singular information
 * matrix, a single group left, …): the analysis then reports the message as the reason instead of failing
 * the whole run. Any other error is a bug and propagates.
 */
export function orReason<T>(compute: () => T, fallback: (reason: string) => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof InputError) return fallback(error.message);
    throw error;
  }
}

/** R's default quantile (type 7: linear interpolation between order statistics) of sorted values. */
export function quantileSorted(sorted: readonly number[], prob: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The Wilson score interval of a binomial proportion, as R's prop.test(x, n, correct = FALSE)$conf.int: better
 * coverage than the Wald interval for small n and proportions near 0 or 1 (28-day mortality in a small group).
 */
export function wilsonInterval(x: number, n: number, confLevel = 0.95): [number, number] {
  if (n === 0) return [Number.NaN, Number.NaN];
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At x = 0 (x = n) the limit is exactly 0 (1); rounding would leave a stray 1e-17.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Distinct labels in the caller's order, or sorted when no order is given (numerically within labels, so
 * "C2" comes before "C10").
 */
export function groupOrder(labels: Iterable<string>, order?: readonly string[]): string[] {
  if (order !== undefined) return [...new Set(order)];
  return [...new Set(labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
