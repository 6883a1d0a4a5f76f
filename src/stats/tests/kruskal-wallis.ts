/**
 * Kruskal–Wallis rank-sum test, as R's kruskal.test(x, g): H with the tie correction, df = k − 1 and the
 * χ² upper tail. k counts the groups that have at least one (non-missing) value, as R's factor(g) does.
 */
import { chiSquareUpper } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';
import { midRanks } from './ranks.ts';

export interface KruskalWallisResult {
  /** Tie-corrected H (R's "Kruskal-Wallis chi-squared"). */
  statistic: number;
  df: number;
  p: number;
  /** Number of non-missing observations used. */
  n: number;
}

/**
 * `x` values, `group` codes (any integers ≥ 0; a negative code marks a missing group). Pairs with NaN x or a
 * missing group are dropped, as R's complete cases.
 */
export function kruskalWallis(x: Float64Array, group: Int32Array): KruskalWallisResult {
  if (x.length !== group.length) throw new InputError('group', 'x and group must have the same length');
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!) && group[i]! >= 0) keep.push(i);
  const values = Float64Array.from(keep, (i) => x[i]!);
  const codes = keep.map((i) => group[i]!);
  const levels = [...new Set(codes)].sort((a, b) => a - b);
  const k = levels.length;
  if (k < 2) throw new InputError('group', 'all observations are in the same group');
  const n = values.length;
  const { ranks, tieSum } = midRanks(values, 'x');
  if (tieSum === n * n * n - n) throw new InputError('x', 'all values are equal');
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    sum.set(g, (sum.get(g) ?? 0) + ranks[i]!);
    count.set(g, (count.get(g) ?? 0) + 1);
  }
  let s = 0;
  for (const g of levels) s += sum.get(g)! ** 2 / count.get(g)!;
  const statistic = ((12 * s) / (n * (n + 1)) - 3 * (n + 1)) / (1 - tieSum / (n * n * n - n));
  const df = k - 1;
  return { statistic, df, p: chiSquareUpper(statistic, df), n };
}
