/**
 * The little dense linear algebra the Gaussian mixture needs, on row-major p × p blocks inside Float64Arrays:
 * a Cholesky factorisation and a triangular solve for Mahalanobis distances. p is the number of variables
 * (a handful to a few dozen), so plain loops beat pulling matrices through a library.
 */

/**
 * Lower Cholesky factor L (A = L·Lᵀ) of the symmetric p × p matrix stored at a[offset..], written into
 * l[lOffset..] (upper triangle zeroed). Only the lower triangle of A is read. Returns false when A is not
 * numerically positive definite (a pivot ≤ 0 or not finite); l is then incomplete.
 */
export function cholesky(a: Float64Array, offset: number, p: number, l: Float64Array, lOffset: number): boolean {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[offset + i * p + j]!;
      for (let m = 0; m < j; m++) s -= l[lOffset + i * p + m]! * l[lOffset + j * p + m]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        l[lOffset + i * p + i] = Math.sqrt(s);
      } else {
        l[lOffset + i * p + j] = s / l[lOffset + j * p + j]!;
      }
    }
    for (let j = i + 1; j < p; j++) l[lOffset + i * p + j] = 0;
  }
  return true;
}

/** log det(A) = 2 Σ log Lᵢᵢ from A's lower Cholesky factor at l[lOffset..]. */
export function logDetFromCholesky(l: Float64Array, lOffset: number, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[lOffset + i * p + i]!);
  return 2 * s;
}

/**
 * Squared Mahalanobis length vᵀA⁻¹v = ‖L⁻¹v‖² by forward substitution; `work` (length ≥ p) is scratch space
 * so the hot loop allocates nothing.
 */
export function mahalanobis2(
  l: Float64Array,
  lOffset: number,
  p: number,
  v: ArrayLike<number>,
  work: Float64Array,
): number {
  let q = 0;
  for (let i = 0; i < p; i++) {
    let s = v[i]!;
    for (let m = 0; m < i; m++) s -= l[lOffset + i * p + m]! * work[m]!;
    const y = s / l[lOffset + i * p + i]!;
    work[i] = y;
    q += y * y;
  }
  return q;
}
