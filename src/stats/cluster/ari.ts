/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two partitions of the same observations: 1 for identical
 * partitions (up to relabelling), about 0 for independent ones, negative below chance.
 *
 * Computed from the contingency table with the same formula and order of operations as
 * `mclust::adjustedRandIndex`, so results agree with R to the last bit or two. The pair counts are integers
 * below 2^53 and therefore exact. One deliberate difference: when the chance-corrected denominator is 0 (both
 * partitions put everything in one cluster, or both make every observation its own cluster — the two
 * partitions are then identical) we return 1, where R returns 1 for the first case and NaN for the second.
 */
export function adjustedRandIndex(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`partitions have different lengths (${n} and ${y.length})`);
  if (n < 2) return 1;
  const xi = compact(x);
  const yi = compact(y);
  const ky = yi.levels;
  // Sparse table: at most n non-empty cells, whatever the number of clusters.
  const cells = new Map<number, number>();
  const rows = new Float64Array(xi.levels);
  const cols = new Float64Array(ky);
  for (let i = 0; i < n; i++) {
    const key = xi.codes[i]! * ky + yi.codes[i]!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows[xi.codes[i]!]! += 1;
    cols[yi.codes[i]!]! += 1;
  }
  if (xi.levels === 1 && ky === 1) return 1;
  let a = 0;
  for (const c of cells.values()) a += choose2(c);
  let sr = 0;
  for (const r of rows) sr += choose2(r);
  let sc = 0;
  for (const c of cols) sc += choose2(c);
  const b = sr - a;
  const c = sc - a;
  const d = choose2(n) - a - b - c;
  const expected = ((a + b) * (a + c)) / (a + b + c + d);
  const denominator = (a + b + a + c) / 2 - expected;
  if (denominator === 0) return 1;
  return (a - expected) / denominator;
}

function choose2(m: number): number {
  return (m * (m - 1)) / 2;
}

/** Maps arbitrary labels to codes 0..levels−1. */
function compact(labels: ArrayLike<number>): { codes: Int32Array; levels: number } {
  const map = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isFinite(l)) throw new RangeError(`label ${i} is not a finite number`);
    let c = map.get(l);
    if (c === undefined) {
      c = map.size;
      map.set(l, c);
    }
    codes[i] = c;
  }
  return { codes, levels: map.size };
}
