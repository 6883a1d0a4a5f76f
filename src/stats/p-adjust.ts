/**
 * Multiple-testing adjustments, as R's p.adjust(p, method = "BH" | "holm"). NaN entries (R's NA) stay NaN
 * and are not counted in the number of tests, as in p.adjust with its default n. The arithmetic follows R's
 * order of operations ((n / i) · p for BH, (n − i + 1) · p for Holm), so results agree with R to the last bit.
 */
import { InputError } from '../core/errors.ts';

export type PAdjustMethod = 'BH' | 'holm';

function checkedIndices(p: Float64Array): number[] {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new InputError('p', `p[${i}] = ${v} is not a probability`);
    idx.push(i);
  }
  return idx;
}

/** Benjamini–Hochberg (1995) false discovery rate adjustment: p.adjust(p, "BH"). */
export function adjustBH(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length).fill(Number.NaN);
  const idx = checkedIndices(p);
  const n = idx.length;
  // Largest p first; its rank is n. The running minimum makes the adjusted values monotone in p.
  idx.sort((a, b) => p[b]! - p[a]!);
  let running = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const i = n - k;
    running = Math.min(running, (n / i) * p[idx[k]!]!);
    out[idx[k]!] = Math.min(1, running);
  }
  return out;
}

/** Holm (1979) step-down family-wise error rate adjustment: p.adjust(p, "holm"). */
export function adjustHolm(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length).fill(Number.NaN);
  const idx = checkedIndices(p);
  const n = idx.length;
  idx.sort((a, b) => p[a]! - p[b]!);
  let running = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    running = Math.max(running, (n - (k + 1) + 1) * p[idx[k]!]!);
    out[idx[k]!] = Math.min(1, running);
  }
  return out;
}

/** Dispatch by R's method name. */
export function pAdjust(p: Float64Array, method: PAdjustMethod): Float64Array {
  return method === 'BH' ? adjustBH(p) : adjustHolm(p);
}
