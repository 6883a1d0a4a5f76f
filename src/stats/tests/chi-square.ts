/**
 * Pearson's χ² test of independence on a contingency table, as R's chisq.test(x) with its defaults: Yates'
 * continuity correction on 2×2 tables (R's correct = TRUE, subtracting min(0.5, min |O − E|)), none on larger
 * tables; df = (r − 1)(c − 1); asymptotic χ² p-value.
 */
import { chiSquareUpper } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  /** Expected counts under independence, row-major like the input. */
  expected: Float64Array;
  /** Pearson residuals (O − E)/√E, row-major (R's $residuals). */
  residuals: Float64Array;
  /** The continuity correction subtracted from each |O − E| (0 unless 2×2). */
  yates: number;
  /** True when some expected count is below 5: R then warns that the approximation may be incorrect. */
  smallExpected: boolean;
}

/** Checks a row-major r×c table of non-negative finite counts with no empty row or column; returns margins. */
export function tableMargins(
  table: ArrayLike<number>,
  rows: number,
  cols: number,
): { rowSums: Float64Array; colSums: Float64Array; total: number } {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 2 || cols < 2) {
    throw new InputError('table', 'the table needs at least 2 rows and 2 columns');
  }
  if (table.length !== rows * cols) throw new InputError('table', `expected ${rows * cols} cells, got ${table.length}`);
  const rowSums = new Float64Array(rows);
  const colSums = new Float64Array(cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = table[i * cols + j]!;
      if (!(Number.isFinite(v) && v >= 0)) throw new InputError('table', `cell (${i + 1}, ${j + 1}) is not a count`);
      rowSums[i] = rowSums[i]! + v;
      colSums[j] = colSums[j]! + v;
      total += v;
    }
  }
  return { rowSums, colSums, total };
}

/** chisq.test(matrix): `table` is row-major with `rows` × `cols` cells. */
export function chiSquareTest(table: ArrayLike<number>, rows: number, cols: number, correct = true): ChiSquareResult {
  const { rowSums, colSums, total } = tableMargins(table, rows, cols);
  if (rowSums.some((v) => v === 0) || colSums.some((v) => v === 0)) {
    // R returns NaN here (0/0 expected counts); an empty row or column is a caller error for us.
    throw new InputError('table', 'a row or column of the table sums to zero');
  }
  const cells = rows * cols;
  const expected = new Float64Array(cells);
  let yates = 0;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) expected[i * cols + j] = (rowSums[i]! * colSums[j]!) / total;
  if (correct && rows === 2 && cols === 2) {
    yates = 0.5;
    for (let c = 0; c < cells; c++) yates = Math.min(yates, Math.abs(table[c]! - expected[c]!));
  }
  let statistic = 0;
  const residuals = new Float64Array(cells);
  let smallExpected = false;
  for (let c = 0; c < cells; c++) {
    const e = expected[c]!;
    const d = table[c]! - e;
    statistic += (Math.abs(d) - yates) ** 2 / e;
    residuals[c] = d / Math.sqrt(e);
    if (e < 5) smallExpected = true;
  }
  const df = (rows - 1) * (cols - 1);
  return { statistic, df, p: chiSquareUpper(statistic, df), expected, residuals, yates, smallExpected };
}
