/**
 * Fisher's exact test on contingency tables, as R's fisher.test(x) with its defaults (two-sided,
 * conf.level = 0.95):
 * - 2×2 (`fisher2x2`): the exact two-sided p-value as R computes it (sum of the hypergeometric probabilities
 *   not above the observed one × (1 + 1e-7)), the conditional maximum-likelihood odds ratio and its exact
 *   confidence interval (roots of the non-central hypergeometric tails). R finds these roots with uniroot's
 *   default tolerance (~1e-4); we solve to full double precision.
 * - r×c exact (`fisherExactRxC`): a network algorithm in the spirit of Mehta & Patel (1983); see below.
 * - r×c Monte Carlo (`fisherMonteCarlo`): R's simulate.p.value = TRUE with B replicates, drawn with our seeded
 *   RNG (tables with the observed margins by permuting the row labels of the N units, which samples the same
 *   null distribution as R's r2dtable, with different draws).
 */
import { lnFactorial } from '../distributions-more.ts';
import { InputError } from '../../core/errors.ts';
import type { Rng } from '../random.ts';
import { tableMargins } from './chi-square.ts';

/** R's relErr in fisher.test: probabilities within this factor of the observed one count as "as extreme". */
const REL_ERR = 1 + 1e-7;
const LOG_REL_ERR = Math.log(REL_ERR);

export interface Fisher2x2Result {
  p: number;
  /** Conditional MLE of the odds ratio (0 or Infinity at the edges of the support, as R). */
  oddsRatio: number;
  /** 95% confidence interval of the odds ratio. */
  confInt: [number, number];
}

function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

/** The conditional distribution of the top-left cell given the margins, for odds ratio `ncp`. */
class NoncentralHypergeometric {
  readonly lo: number;
  readonly hi: number;
  private readonly logdc: Float64Array;
  constructor(m: number, n: number, k: number) {
    this.lo = Math.max(0, k - n);
    this.hi = Math.min(k, m);
    this.logdc = new Float64Array(this.hi - this.lo + 1);
    for (let s = this.lo; s <= this.hi; s++) {
      this.logdc[s - this.lo] = lnChoose(m, s) + lnChoose(n, k - s) - lnChoose(m + n, k);
    }
  }
  /** Probabilities over lo…hi for log odds ratio `logNcp` (normalized after subtracting the maximum). */
  density(logNcp: number): Float64Array {
    const d = this.logdc.map((v, i) => v + logNcp * (this.lo + i));
    let max = Number.NEGATIVE_INFINITY;
    for (const v of d) max = Math.max(max, v);
    let sum = 0;
    for (let i = 0; i < d.length; i++) {
      d[i] = Math.exp(d[i]! - max);
      sum += d[i]!;
    }
    for (let i = 0; i < d.length; i++) d[i] = d[i]! / sum;
    return d;
  }
  mean(logNcp: number): number {
    const d = this.density(logNcp);
    let s = 0;
    for (let i = 0; i < d.length; i++) s += (this.lo + i) * d[i]!;
    return s;
  }
  /** P(X ≤ x) or, with `upper`, P(X ≥ x). */
  tail(x: number, logNcp: number, upper: boolean): number {
    const d = this.density(logNcp);
    let s = 0;
    for (let i = 0; i < d.length; i++) if (upper ? this.lo + i >= x : this.lo + i <= x) s += d[i]!;
    return s;
  }
}

/** Root of an increasing function f of log t on (−745, 709), by bisection to the last bit of log t. */
function solveLogScale(f: (logT: number) => number): number {
  let a = -745;
  let b = 709;
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2;
    if (mid === a || mid === b) break;
    if (f(mid) < 0) a = mid;
    else b = mid;
  }
  return Math.exp((a + b) / 2);
}

/** fisher.test on the 2×2 table [[a, b], [c, d]] (rows × columns). */
export function fisher2x2(a: number, b: number, c: number, d: number, confLevel = 0.95): Fisher2x2Result {
  tableMargins([a, b, c, d], 2, 2);
  for (const v of [a, b, c, d]) if (!Number.isInteger(v)) throw new InputError('table', 'counts must be integers');
  if (!(confLevel > 0 && confLevel < 1)) throw new InputError('confLevel', 'conf.level must be in (0, 1)');
  const h = new NoncentralHypergeometric(a + c, b + d, a + b);
  const x = a;
  const { lo, hi } = h;
  const d0 = h.density(0);
  const observed = d0[x - lo]! * REL_ERR;
  let p = 0;
  for (const v of d0) if (v <= observed) p += v;

  let oddsRatio: number;
  if (x === lo)
    oddsRatio = 0; // R checks the lower edge first, so a degenerate support (lo = hi) gives 0 too
  else if (x === hi) oddsRatio = Number.POSITIVE_INFINITY;
  else oddsRatio = solveLogScale((lt) => h.mean(lt) - x);

  const alpha = (1 - confLevel) / 2;
  // Lower limit: P(X ≥ x; t) = α, increasing in t. Upper limit: P(X ≤ x; t) = α, decreasing in t.
  const lower = x === lo ? 0 : solveLogScale((lt) => h.tail(x, lt, true) - alpha);
  const upper = x === hi ? Number.POSITIVE_INFINITY : solveLogScale((lt) => alpha - h.tail(x, lt, false));
  return { p: Math.min(1, p), oddsRatio, confInt: [lower, upper] };
}

/** Row-major integer table without its empty rows and columns, transposed so rows ≤ columns. */
function compact(table: ArrayLike<number>, rows: number, cols: number) {
  const { rowSums, colSums } = tableMargins(table, rows, cols);
  for (let i = 0; i < table.length; i++) {
    if (!Number.isInteger(table[i]!)) throw new InputError('table', 'counts must be integers');
  }
  const ri = [...rowSums.keys()].filter((i) => rowSums[i]! > 0);
  const ci = [...colSums.keys()].filter((j) => colSums[j]! > 0);
  const cell = (i: number, j: number) => table[i * cols + j]!;
  const t = ri.length <= ci.length;
  const R = t ? ri.length : ci.length;
  const C = t ? ci.length : ri.length;
  const out = new Int32Array(R * C);
  for (let i = 0; i < R; i++)
    for (let j = 0; j < C; j++) out[i * C + j] = t ? cell(ri[i]!, ci[j]!) : cell(ri[j]!, ci[i]!);
  return { cells: out, rows: R, cols: C };
}

/** −Σ ln x_i! of a vector. */
function negLnFactSum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s -= lnFactorial(v[i]!);
  return s;
}

/** max over {Σx = total, 0 ≤ x_i ≤ cap_i} of −Σ ln x_i! : spread as evenly as the caps allow. */
function evenSpread(total: number, caps: number[]): number {
  const sorted = [...caps].sort((p, q) => p - q);
  let left = total;
  let value = 0;
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted.length - i;
    if (sorted[i]! * m <= left) {
      value -= lnFactorial(sorted[i]!);
      left -= sorted[i]!;
      continue;
    }
    const q = Math.floor(left / m);
    const r = left - q * m;
    return value - r * lnFactorial(q + 1) - (m - r) * lnFactorial(q);
  }
  return value;
}

/** min over the same set: fill the largest caps first (that vector majorizes every feasible one). */
function concentrate(total: number, caps: number[]): number {
  const sorted = [...caps].sort((p, q) => q - p);
  let left = total;
  let value = 0;
  for (const cap of sorted) {
    const x = Math.min(cap, left);
    value -= lnFactorial(x);
    left -= x;
    if (left === 0) break;
  }
  return value;
}

interface Node {
  rows: Int32Array;
  pasts: Map<number, { value: number; weight: number }>;
}

/**
 * Exact two-sided p-value of Fisher's test on an r×c table (R's fisher.test p-value for tables larger than
 * 2×2): the total probability of the tables with the observed margins whose probability is at most the
 * observed one × (1 + 1e-7).
 *
 * Network algorithm: tables are built column by column; a node is (column, multiset of remaining row totals),
 * because the probability of completing a partial table depends only on that. Each node keeps the distinct
 * values of −Σ ln n_ij! of the partial tables reaching it, with their multiplicities. A partial table whose
 * every completion is as extreme as the observed one adds its completions' closed-form total at once; one
 * with no extreme completion is dropped; bounds come from relaxing the row or the column constraints.
 * `maxWork` caps the number of (partial table, next column) steps; beyond it the function throws rather than
 * running for minutes (use `fisherMonteCarlo` then).
 */
export function fisherExactRxC(table: ArrayLike<number>, rows: number, cols: number, maxWork = 5e8): number {
  const t = compact(table, rows, cols);
  if (t.rows < 2) return 1; // a single possible table
  const R = t.rows;
  const rowSums = Array.from({ length: R }, (_, i) =>
    t.cells.slice(i * t.cols, (i + 1) * t.cols).reduce((s, v) => s + v, 0),
  );
  const colSums = Array.from({ length: t.cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < R; i++) s += t.cells[i * t.cols + j]!;
    return s;
  }).sort((p, q) => p - q); // small columns first: few nodes early, big final columns resolved by the bounds
  const C = colSums.length;
  const N = colSums.reduce((s, v) => s + v, 0);
  const logK =
    rowSums.reduce((s, v) => s + lnFactorial(v), 0) + colSums.reduce((s, v) => s + lnFactorial(v), 0) - lnFactorial(N);
  const threshold = negLnFactSum(t.cells) + LOG_REL_ERR;

  // Suffix sums of the remaining columns' log factorials, for the closed-form total of a node's completions.
  const colsAfter = (j: number) => colSums.slice(j);
  const lnFactCols = colSums.map((_, j) => colsAfter(j).reduce((s, v) => s + lnFactorial(v), 0));
  const boundCache = new Map<string, { max: number; min: number; logSum: number }>();
  const bounds = (j: number, rem: Int32Array, key: string) => {
    const cacheKey = `${j}|${key}`;
    let b = boundCache.get(cacheKey);
    if (b) return b;
    const remRows = Array.from(rem);
    const remCols = colsAfter(j);
    let maxC = 0;
    let minC = 0;
    for (const c of remCols) {
      maxC += evenSpread(c, remRows);
      minC += concentrate(c, remRows);
    }
    let maxR = 0;
    let minR = 0;
    for (const r of remRows) {
      maxR += evenSpread(r, remCols);
      minR += concentrate(r, remCols);
    }
    const total = remRows.reduce((s, v) => s + v, 0);
    const logSum = lnFactorial(total) + negLnFactSum(remRows) - lnFactCols[j]!;
    b = { max: Math.min(maxC, maxR), min: Math.max(minC, minR), logSum };
    boundCache.set(cacheKey, b);
    return b;
  };

  let p = 0;
  let work = 0;
  let stage = new Map<string, Node>();
  const start = Int32Array.from(rowSums).sort().reverse();
  stage.set(start.join(','), { rows: start, pasts: new Map([[0, { value: 0, weight: 1 }]]) });
  const x = new Int32Array(R);
  for (let j = 0; j < C - 1; j++) {
    const next = new Map<string, Node>();
    const c = colSums[j]!;
    const lastStep = j === C - 2;
    for (const node of stage.values()) {
      const rem = node.rows;
      const pasts = [...node.pasts.values()];
      // Enumerate x with Σ x = c and 0 ≤ x_i ≤ rem_i (depth-first over the rows).
      const suffixCap = new Int32Array(R + 1);
      for (let i = R - 1; i >= 0; i--) suffixCap[i] = suffixCap[i + 1]! + rem[i]!;
      const visit = (i: number, left: number, contrib: number): void => {
        if (i === R - 1) {
          x[i] = left;
          const value = contrib - lnFactorial(left);
          const child = Int32Array.from(rem, (r, k) => r - x[k]!);
          work += pasts.length;
          if (work > maxWork)
            throw new InputError('table', 'table too large for the exact test; use the Monte Carlo p-value');
          if (lastStep) {
            const v = value + negLnFactSum(child); // the last column is the remaining row totals
            for (const past of pasts)
              if (past.value + v <= threshold) p += past.weight * Math.exp(past.value + v + logK);
            return;
          }
          child.sort().reverse();
          const key = child.join(',');
          const b = bounds(j + 1, child, key);
          let target: Node | undefined;
          for (const past of pasts) {
            const nv = past.value + value;
            if (nv + b.max <= threshold) p += past.weight * Math.exp(nv + b.logSum + logK);
            else if (nv + b.min <= threshold) {
              target ??= next.get(key);
              if (!target) {
                target = { rows: child, pasts: new Map() };
                next.set(key, target);
              }
              const k = Math.round(nv * 1e9); // merge partial tables with equal values
              const seen = target.pasts.get(k);
              if (seen) seen.weight += past.weight;
              else target.pasts.set(k, { value: nv, weight: past.weight });
            }
          }
          return;
        }
        const lowX = Math.max(0, left - suffixCap[i + 1]!);
        const highX = Math.min(rem[i]!, left);
        for (let v = lowX; v <= highX; v++) {
          x[i] = v;
          visit(i + 1, left - v, contrib - lnFactorial(v));
        }
      };
      visit(0, c, 0);
    }
    stage = next;
  }
  return Math.max(0, Math.min(1, p));
}

/**
 * fisher.test(x, simulate.p.value = TRUE, B): p = (1 + #{replicates with −Σ ln n! ≤ observed}) / (B + 1),
 * with R's tolerance for ties (the observed statistic divided by 1 + 64ε).
 */
export function fisherMonteCarlo(table: ArrayLike<number>, rows: number, cols: number, B: number, rng: Rng): number {
  if (!Number.isInteger(B) || B < 1) throw new InputError('B', 'B must be a positive integer');
  const t = compact(table, rows, cols);
  if (t.rows < 2) throw new InputError('table', 'need 2 or more non-zero row and column marginals');
  const statistic = negLnFactSum(t.cells);
  const labels: number[] = [];
  const colSums = new Int32Array(t.cols);
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const v = t.cells[i * t.cols + j]!;
      for (let k = 0; k < v; k++) labels.push(i);
      colSums[j] = colSums[j]! + v;
    }
  }
  const units = Int32Array.from(labels);
  const counts = new Int32Array(t.rows * t.cols);
  const almostOne = 1 + 64 * Number.EPSILON;
  let extreme = 0;
  for (let b = 0; b < B; b++) {
    rng.shuffle(units);
    counts.fill(0);
    let u = 0;
    for (let j = 0; j < t.cols; j++)
      for (let k = 0; k < colSums[j]!; k++) {
        const cell = units[u++]! * t.cols + j;
        counts[cell] = counts[cell]! + 1;
      }
    if (negLnFactSum(counts) <= statistic / almostOne) extreme++;
  }
  return (1 + extreme) / (B + 1);
}
