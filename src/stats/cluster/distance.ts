/**
 * Pairwise dissimilarities between the rows of a data matrix, in condensed form.
 *
 * Layout (shared by hclust, silhouette and consensus clustering): data is a row-major Float64Array of n rows
 * (observations) × p columns (variables); a dissimilarity matrix is the strict upper triangle read row by row,
 * a Float64Array of n(n−1)/2 — pairs (0,1), (0,2), …, (0,n−1), (1,2), … This is exactly the order of R's
 * `dist` object (its lower triangle by columns) and of SciPy's `pdist`, so fixtures compare element by element.
 * Missing values are not supported: impute or drop them first.
 */

/** Position of the pair (i, j), i ≠ j, in a condensed matrix of n observations. */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Number of observations n from the length n(n−1)/2 of a condensed matrix. */
export function condensedSize(length: number): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * length)) / 2);
  if ((n * (n - 1)) / 2 !== length) throw new RangeError(`${length} is not n(n−1)/2 for any n`);
  return n;
}

function checkShape(x: Float64Array, n: number, p: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1 || x.length !== n * p) {
    throw new RangeError(`data of length ${x.length} is not ${n} × ${p}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`data has a non-finite value at row ${Math.floor(i / p)}`);
  }
}

/** Euclidean distances between rows; same summation order as R's `dist()`, so results agree to the last bit. */
export function euclideanDistances(x: Float64Array, n: number, p: number): Float64Array {
  checkShape(x, n, p);
  const d = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * p;
    for (let j = i + 1; j < n; j++) {
      const oj = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) {
        const diff = x[oi + k]! - x[oj + k]!;
        s += diff * diff;
      }
      d[at++] = Math.sqrt(s);
    }
  }
  return d;
}

/**
 * 1 − Pearson correlation between rows (profiles across the p variables), as R's `as.dist(1 - cor(t(x)))`.
 * Values lie in [0, 2]. Rows are centred and scaled once, so each pair costs one dot product.
 * A constant row has no correlation: that is an error rather than a silent NaN.
 */
export function pearsonDistances(x: Float64Array, n: number, p: number): Float64Array {
  checkShape(x, n, p);
  if (p < 2) throw new RangeError('1 − Pearson needs at least 2 variables');
  const z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let mean = 0;
    for (let k = 0; k < p; k++) mean += x[o + k]!;
    mean /= p;
    let ss = 0;
    for (let k = 0; k < p; k++) {
      const c = x[o + k]! - mean;
      z[o + k] = c;
      ss += c * c;
    }
    if (!(ss > 0)) throw new RangeError(`row ${i} is constant: its correlation is undefined`);
    const inv = 1 / Math.sqrt(ss);
    for (let k = 0; k < p; k++) z[o + k]! *= inv;
  }
  const d = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * p;
    for (let j = i + 1; j < n; j++) {
      const oj = j * p;
      let r = 0;
      for (let k = 0; k < p; k++) r += z[oi + k]! * z[oj + k]!;
      // Rounding can push |r| a hair past 1; clamp so distances stay in [0, 2].
      d[at++] = 1 - Math.max(-1, Math.min(1, r));
    }
  }
  return d;
}
