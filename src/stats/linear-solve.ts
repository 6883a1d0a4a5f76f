/**
 * Solves the small dense system A x = b (A is m × m, row-major) by Gaussian elimination with partial
 * pivoting. Returns null when a pivot falls below `relativeTolerance` × the largest diagonal element, i.e.
 * the matrix is singular for the purpose at hand (each caller states its tolerance, to match R).
 */
export function solveLinear(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  relativeTolerance: number,
): number[] | null {
  const rows = Array.from({ length: m }, (_, i) => [...Array.from({ length: m }, (_, j) => a[i * m + j]!), b[i]!]);
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(a[i * m + i]!));
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    if (!(Math.abs(rows[pivot]![col]!) > relativeTolerance * scale)) return null;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = col + 1; r < m; r++) {
      const factor = rows[r]![col]! / rows[col]![col]!;
      for (let c = col; c <= m; c++) rows[r]![c]! -= factor * rows[col]![c]!;
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let sum = rows[r]![m]!;
    for (let c = r + 1; c < m; c++) sum -= rows[r]![c]! * x[c]!;
    x[r] = sum / rows[r]![r]!;
  }
  return x;
}
