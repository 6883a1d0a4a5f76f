/**
 * Consensus clustering (Monti, Tamayo, Mesirov & Golub 2003), following what Bioconductor's
 * ConsensusClusterPlus (Wilkerson & Hayes 2010) does, on the rows of a row-major n × p Float64Array.
 *
 * For each of `reps` resamples, floor(n · pItem) rows (and, when pFeature < 1, floor(p · pFeature) columns) are
 * drawn without replacement and clustered for every k = 2..kMax — by k-means (one k-means++ start and at most
 * 10 Lloyd passes per k, the cost of R's `kmeans(iter.max = 10, nstart = 1)`), or by one hierarchical tree
 * (`innerLinkage`, default "average", on Euclidean or 1 − Pearson distances) cut at every k. The consensus of a
 * pair is (resamples that put both in one cluster) / (resamples that drew both), 0 if never drawn together. The
 * final partition for k is `hclust(1 − consensus, finalLinkage = "average")` cut at k, as in R.
 *
 * Reported per k, as ConsensusClusterPlus computes or plots them: the empirical CDF of the n(n−1)/2 consensus
 * values on R's `hist` bins (breaks 0, 0.01, …, 1, right-closed, the first bin closed), its area
 * Σ F(bᵢ)·(bᵢ − bᵢ₋₁), the relative change of that area (k = 2: the area itself), PAC — the share of
 * consensus values strictly inside (0.1, 0.9) — and `calcICL`'s cluster consensus (mean consensus of the pairs
 * within a cluster) and item consensus (mean consensus of an item with the members of a cluster, itself excluded).
 * ConsensusClusterPlus has no rule for choosing k; `suggestedK` is the k with the smallest PAC (Șenbabaoğlu,
 * Michailidis & Li 2014), the larger k on ties (a finer partition that is as stable).
 *
 * Memory: the resamples' labels are kept (reps × m × (kMax − 1) bytes), and every k is accumulated in turn into
 * one pair of Uint16 counters over the n(n−1)/2 pairs (reused across k; never one matrix per resample), plus one
 * Float32Array of 1 − consensus for the final tree. Hence reps ≤ 65,535.
 *
 * Randomness: resample r uses the r-th `split()` of `new Rng(seed)` for its draws and its k-means starts, so the
 * resamples can be computed in any order or on several threads (`runResamples` with a range) and give the same
 * result. R's streams cannot be reproduced; the tests compare distributions of the statistics instead.
 */
import { InputError } from '../../core/errors.ts';
import { Rng } from '../random.ts';
import { euclideanDistances, pearsonDistances } from './distance.ts';
import { cutree, hclust, type Linkage } from './hclust.ts';
import { kmeans } from './kmeans.ts';

export type ConsensusAlgorithm = 'kmeans' | 'hclust';
export type ConsensusDistance = 'euclidean' | 'pearson';

export interface ConsensusOptions {
  /** Largest number of clusters (≥ 2); every k = 2..kMax is analysed. */
  kMax: number;
  /** Number of resamples (1..65,535). */
  reps: number;
  seed: number;
  /** Share of rows drawn per resample (default 0.8). */
  pItem?: number;
  /** Share of columns drawn per resample (default 1: all). */
  pFeature?: number;
  algorithm?: ConsensusAlgorithm;
  /** Distance for hierarchical inner clustering (k-means is always Euclidean; default "euclidean"). */
  distance?: ConsensusDistance;
  innerLinkage?: Linkage;
  finalLinkage?: Linkage;
  /** k-means starts per resample and k (default 1, as ConsensusClusterPlus). */
  kmeansStarts?: number;
  /** Lloyd passes per k-means start (default 10, as ConsensusClusterPlus's iter.max). */
  kmeansMaxIter?: number;
  /** Called with the condensed consensus matrix of each k; the buffer is reused afterwards. */
  onConsensus?: (k: number, consensus: Float32Array) => void;
  /**
   * Called after each resample this thread clusters (resamples done, resamples of its range): a long run's
   * progress. On worker threads it is not called; the main thread's share stands for the whole.
   */
  onResample?: (done: number, total: number) => void;
}

/** The inner clusterings of resamples [from, to): row indices (sorted) and labels for k = 2..kMax. */
export interface ResampleSet {
  from: number;
  to: number;
  /** Rows drawn per resample. */
  m: number;
  /** (to − from) × m row indices. */
  items: Int32Array;
  /** (to − from) × (kMax − 1) × m labels: resample, then k, then item. */
  labels: Uint8Array;
}

export interface ConsensusStatistics {
  /** Empirical CDF of the consensus values at 0.01, 0.02, …, 1 (100 values). */
  cdf: Float64Array;
  cdfArea: number;
  pac: number;
  /** Mean consensus within each cluster (NaN for a single-member cluster). */
  clusterConsensus: Float64Array;
  /** Mean of clusterConsensus over the clusters with ≥ 2 members. */
  meanClusterConsensus: number;
  /** n × k: mean consensus of item i with the members of cluster c (i itself excluded). */
  itemConsensus: Float64Array;
}

export interface ConsensusK extends ConsensusStatistics {
  k: number;
  /** Final cluster of each row, 0..k−1 numbered by first appearance (R's consensusClass − 1). */
  assignment: Int32Array;
  /** Relative change of cdfArea from k − 1 (for k = 2: cdfArea itself, as R plots it). */
  deltaArea: number;
}

export interface ConsensusResult {
  n: number;
  /** Rows drawn per resample. */
  m: number;
  byK: ConsensusK[];
  suggestedK: number;
}

interface Settings {
  kMax: number;
  reps: number;
  seed: number;
  pItem: number;
  pFeature: number;
  algorithm: ConsensusAlgorithm;
  distance: ConsensusDistance;
  innerLinkage: Linkage;
  finalLinkage: Linkage;
  kmeansStarts: number;
  kmeansMaxIter: number;
}

const BINS = 100;
const PAC_LOWER = 0.1;
const PAC_UPPER = 0.9;

/** Checks the options against the data shape and fills in the defaults. */
export function consensusSettings(x: Float64Array, n: number, p: number, options: ConsensusOptions): Settings {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 2 || p < 1 || x.length !== n * p)
    throw new InputError('data', `data of length ${x.length} is not ${n} × ${p} with n ≥ 2`);
  // Pair counters of n(n−1)/2 Uint16 (0.9 GB each at this bound) and 32-bit pair positions.
  if (n > 30000) throw new InputError('data', `consensus clustering takes at most 30,000 rows, got ${n}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) throw new InputError('data', `row ${Math.floor(i / p)} has a non-finite value`);
  const s: Settings = {
    kMax: options.kMax,
    reps: options.reps,
    seed: options.seed,
    pItem: options.pItem ?? 0.8,
    pFeature: options.pFeature ?? 1,
    algorithm: options.algorithm ?? 'kmeans',
    distance: options.distance ?? 'euclidean',
    innerLinkage: options.innerLinkage ?? 'average',
    finalLinkage: options.finalLinkage ?? 'average',
    kmeansStarts: options.kmeansStarts ?? 1,
    kmeansMaxIter: options.kmeansMaxIter ?? 10,
  };
  if (!Number.isSafeInteger(s.seed)) throw new InputError('seed', `seed must be an integer, got ${s.seed}`);
  if (!Number.isInteger(s.reps) || s.reps < 1 || s.reps > 65535)
    throw new InputError('reps', `reps must be an integer in 1..65535, got ${s.reps}`);
  if (!(s.pItem > 0 && s.pItem <= 1)) throw new InputError('pItem', `pItem must be in (0, 1], got ${s.pItem}`);
  if (!(s.pFeature > 0 && s.pFeature <= 1))
    throw new InputError('pFeature', `pFeature must be in (0, 1], got ${s.pFeature}`);
  if (s.algorithm === 'kmeans' && s.distance !== 'euclidean')
    throw new InputError('distance', 'k-means clusters on Euclidean distance only; use hclust for pearson');
  const m = Math.floor(n * s.pItem);
  if (!Number.isInteger(s.kMax) || s.kMax < 2 || s.kMax > Math.min(m, 255))
    throw new InputError(
      'kMax',
      `kMax must be an integer in 2..${Math.min(m, 255)} (rows drawn per resample: ${m}), got ${s.kMax}`,
    );
  const f = Math.floor(p * s.pFeature);
  if (f < (s.distance === 'pearson' ? 2 : 1))
    throw new InputError('pFeature', `pFeature draws ${f} column(s) of ${p}: too few for ${s.distance} distance`);
  if (!Number.isInteger(s.kmeansStarts) || s.kmeansStarts < 1)
    throw new InputError('kmeansStarts', 'kmeansStarts must be a positive integer');
  if (!Number.isInteger(s.kmeansMaxIter) || s.kmeansMaxIter < 1)
    throw new InputError('kmeansMaxIter', 'kmeansMaxIter must be a positive integer');
  return s;
}

/** Position of pair (i, j), i < j, in condensed order (see distance.ts): rowStart(i) + j − i − 1. */
// Integer arithmetic (n ≤ 30,000 keeps it below 2^32), so V8 indexes with small integers, not doubles.
const rowStart = (n: number, i: number): number => (i * (2 * n - i - 1)) >>> 1;

/**
 * Draws and clusters resamples [from, to) (default: all). Pure and deterministic for the seed, whatever the range:
 * a worker can compute a range and the ranges are concatenated.
 */
export function runResamples(
  x: Float64Array,
  n: number,
  p: number,
  options: ConsensusOptions,
  from = 0,
  to = options.reps,
): ResampleSet {
  const s = consensusSettings(x, n, p, options);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > s.reps)
    throw new RangeError(`resample range [${from}, ${to}) is not within [0, ${s.reps})`);
  const m = Math.floor(n * s.pItem);
  const f = Math.floor(p * s.pFeature);
  const ks = s.kMax - 1;
  const count = to - from;
  const items = new Int32Array(count * m);
  const labels = new Uint8Array(count * ks * m);
  const master = new Rng(s.seed);
  for (let r = 0; r < from; r++) master.split();
  // With every column used, hierarchical clustering reads its distances from one matrix, as R does.
  const full =
    s.algorithm === 'hclust' && f === p
      ? s.distance === 'pearson'
        ? pearsonDistances(x, n, p)
        : euclideanDistances(x, n, p)
      : null;
  const sub = new Float64Array(m * f);
  for (let r = 0; r < count; r++) {
    const rng = master.split();
    const rows = rng.sample(n, m).sort();
    items.set(rows, r * m);
    const cols = f === p ? null : rng.sample(p, f).sort();
    const out = (k: number) => labels.subarray((r * ks + k - 2) * m, (r * ks + k - 1) * m);
    if (s.algorithm === 'kmeans' || full === null) {
      for (let a = 0; a < m; a++) {
        const o = rows[a]! * p;
        if (cols === null) sub.set(x.subarray(o, o + p), a * f);
        else for (let j = 0; j < f; j++) sub[a * f + j] = x[o + cols[j]!]!;
      }
    }
    if (s.algorithm === 'kmeans') {
      for (let k = 2; k <= s.kMax; k++) {
        const fit = kmeans(sub, m, f, { k, random: rng, nstart: s.kmeansStarts, maxIter: s.kmeansMaxIter });
        out(k).set(fit.cluster);
      }
      options.onResample?.(r + 1, count);
      continue;
    }
    let diss: Float64Array;
    if (full === null) {
      diss = s.distance === 'pearson' ? pearsonDistances(sub, m, f) : euclideanDistances(sub, m, f);
    } else {
      diss = new Float64Array((m * (m - 1)) / 2);
      let at = 0;
      for (let a = 0; a < m - 1; a++) {
        const base = rowStart(n, rows[a]!) - rows[a]! - 1;
        for (let b = a + 1; b < m; b++) diss[at++] = full[base + rows[b]!]!;
      }
    }
    const tree = hclust(diss, s.innerLinkage);
    for (let k = 2; k <= s.kMax; k++) out(k).set(cutree(tree, k));
    options.onResample?.(r + 1, count);
  }
  return { from, to, m, items, labels };
}

/** Joins resample ranges computed separately (e.g. on worker threads) into one set, in resample order. */
export function joinResamples(parts: ResampleSet[]): ResampleSet {
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  const m = sorted[0]!.m;
  const items = new Int32Array(sorted.reduce((t, q) => t + q.items.length, 0));
  const labels = new Uint8Array(sorted.reduce((t, q) => t + q.labels.length, 0));
  let io = 0;
  let lo = 0;
  let next = sorted[0]!.from;
  for (const q of sorted) {
    if (q.from !== next || q.m !== m) throw new RangeError('resample ranges must be contiguous and alike');
    items.set(q.items, io);
    labels.set(q.labels, lo);
    io += q.items.length;
    lo += q.labels.length;
    next = q.to;
  }
  return { from: sorted[0]!.from, to: next, m, items, labels };
}

/**
 * How often each pair was drawn together: one bit per resample for each item, then a popcount of the AND per
 * pair — a sequential pass, several times faster than incrementing m(m−1)/2 counters per resample.
 */
function countSampled(n: number, m: number, reps: number, items: Int32Array, sampled: Uint16Array): void {
  const words = (reps + 31) >>> 5;
  const bits = new Uint32Array(n * words);
  for (let r = 0; r < reps; r++) {
    const w = r >>> 5;
    const bit = 1 << (r & 31);
    for (let a = r * m; a < r * m + m; a++) bits[items[a]! * words + w]! |= bit;
  }
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * words;
    for (let j = i + 1; j < n; j++, at++) {
      const oj = j * words;
      let count = 0;
      for (let w = 0; w < words; w++) {
        let v = bits[oi + w]! & bits[oj + w]!;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        count += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      sampled[at] = count;
    }
  }
}

/** Consensus clustering of the rows of x (n × p, row-major); see the module comment. */
export function consensusCluster(
  x: Float64Array,
  n: number,
  p: number,
  options: ConsensusOptions,
  resamples?: ResampleSet,
): ConsensusResult {
  const s = consensusSettings(x, n, p, options);
  const ks = Array.from({ length: s.kMax - 1 }, (_, i) => i + 2);
  return finishConsensus(n, Math.floor(n * s.pItem), consensusByK(x, n, p, options, resamples, ks));
}

/** The final clusters and statistics of the given k values (one thread's share), without deltaArea. */
export type ConsensusOneK = Omit<ConsensusK, 'deltaArea'>;

export function consensusByK(
  x: Float64Array,
  n: number,
  p: number,
  options: ConsensusOptions,
  resamples: ResampleSet | undefined,
  kValues: number[],
): ConsensusOneK[] {
  const s = consensusSettings(x, n, p, options);
  const set = resamples ?? runResamples(x, n, p, options);
  const m = Math.floor(n * s.pItem);
  if (set.from !== 0 || set.to !== s.reps || set.m !== m) throw new RangeError('resamples do not match the options');
  const ks = s.kMax - 1;
  const pairs = (n * (n - 1)) / 2;
  const sampled = new Uint16Array(pairs);
  const together = new Uint16Array(pairs);
  const buffer = new Float32Array(pairs);
  countSampled(n, m, s.reps, set.items, sampled);
  const value = (at: number): number => {
    const c = sampled[at]!;
    return c === 0 ? 0 : together[at]! / c;
  };
  const out: ConsensusOneK[] = [];
  const members = new Int32Array(m);
  for (const k of kValues) {
    if (!Number.isInteger(k) || k < 2 || k > s.kMax) throw new RangeError(`k = ${k} is not in 2..${s.kMax}`);
    together.fill(0);
    const starts = new Int32Array(k + 1);
    for (let r = 0; r < s.reps; r++) {
      const rows = set.items.subarray(r * m, r * m + m);
      const lab = set.labels.subarray((r * ks + k - 2) * m, (r * ks + k - 1) * m);
      // Bucket the drawn rows by label (a counting sort keeps them ascending), then count pairs within buckets.
      starts.fill(0);
      for (let a = 0; a < m; a++) starts[lab[a]! + 1]!++;
      for (let c = 0; c < k; c++) starts[c + 1]! += starts[c]!;
      const fill = starts.slice(0, k);
      for (let a = 0; a < m; a++) members[fill[lab[a]!]!++] = rows[a]!;
      for (let c = 0; c < k; c++) {
        const end = starts[c + 1]!;
        for (let a = starts[c]!; a < end - 1; a++) {
          const base = rowStart(n, members[a]!) - members[a]! - 1;
          for (let b = a + 1; b < end; b++) together[base + members[b]!]!++;
        }
      }
    }
    if (options.onConsensus !== undefined) {
      for (let at = 0; at < pairs; at++) buffer[at] = sampled[at] === 0 ? 0 : together[at]! / sampled[at]!;
      options.onConsensus(k, buffer);
    }
    for (let at = 0; at < pairs; at++) buffer[at] = sampled[at] === 0 ? 1 : 1 - together[at]! / sampled[at]!;
    const assignment = cutree(hclust(buffer, s.finalLinkage), k);
    out.push({ k, assignment, ...summarise(n, k, assignment, value) });
  }
  return out;
}

/** Orders the per-k results, adds deltaArea and picks suggestedK. */
export function finishConsensus(n: number, m: number, parts: ConsensusOneK[]): ConsensusResult {
  const sorted = [...parts].sort((a, b) => a.k - b.k);
  const byK = sorted.map((r, i): ConsensusK => {
    if (r.k !== i + 2) throw new RangeError('results must cover k = 2, 3, … without gaps');
    const previous = i === 0 ? null : sorted[i - 1]!.cdfArea;
    return { ...r, deltaArea: previous === null ? r.cdfArea : (r.cdfArea - previous) / previous };
  });
  let best = byK[0]!;
  // Equal PACs (typically 0 for several k on well-separated data): the larger k, a finer partition as stable.
  for (const r of byK) if (r.pac <= best.pac) best = r;
  return { n, m, byK, suggestedK: best.k };
}

/**
 * The statistics of one k from a condensed consensus matrix (R's lower triangle by columns = our order) and a
 * partition into k clusters (0..k−1): for consensus matrices made by hand or taken from R.
 */
export function consensusStatistics(
  consensus: ArrayLike<number>,
  assignment: ArrayLike<number>,
  k: number,
): ConsensusStatistics {
  const n = assignment.length;
  if (consensus.length !== (n * (n - 1)) / 2)
    throw new RangeError(`consensus of length ${consensus.length} does not fit ${n} items`);
  return summarise(n, k, assignment, (at) => consensus[at]!);
}

/** R's `hist` bin (1..100) of a value in [0, 1]: breaks j/100 moved up by R's fuzz of 1e−7 × the bin width. */
function histBin(v: number): number {
  const fuzz = 1e-9;
  let j = Math.max(1, Math.ceil(v * BINS));
  while (j > 1 && v <= (j - 1) * 0.01 + fuzz) j--;
  while (j < BINS && v > j * 0.01 + fuzz) j++;
  return j;
}

function summarise(
  n: number,
  k: number,
  assignment: ArrayLike<number>,
  value: (at: number) => number,
): ConsensusStatistics {
  const counts = new Float64Array(BINS);
  let inside = 0;
  const sums = new Float64Array(n * k); // item × cluster sums of consensus
  const within = new Float64Array(k);
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`label ${c} of item ${i} is not in 0..${k - 1}`);
    size[c]! += 1;
  }
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const ci = assignment[i]!;
    for (let j = i + 1; j < n; j++, at++) {
      const v = value(at);
      if (!(v >= 0 && v <= 1)) throw new RangeError(`consensus ${v} at pair ${at} is not in [0, 1]`);
      counts[histBin(v) - 1]! += 1;
      if (v > PAC_LOWER && v < PAC_UPPER) inside++;
      const cj = assignment[j]!;
      sums[i * k + cj]! += v;
      sums[j * k + ci]! += v;
      if (ci === cj) within[ci]! += v;
    }
  }
  const total = (n * (n - 1)) / 2;
  const cdf = new Float64Array(BINS);
  let acc = 0;
  let cdfArea = 0;
  for (let j = 0; j < BINS; j++) {
    acc += counts[j]!;
    cdf[j] = acc / total;
    cdfArea += cdf[j]! * ((j + 1) * 0.01 - j * 0.01);
  }
  const clusterConsensus = new Float64Array(k);
  let meanSum = 0;
  let meanCount = 0;
  for (let c = 0; c < k; c++) {
    const nk = size[c]!;
    clusterConsensus[c] = nk < 2 ? Number.NaN : within[c]! / ((nk * (nk - 1)) / 2);
    if (nk >= 2) {
      meanSum += clusterConsensus[c]!;
      meanCount++;
    }
  }
  const itemConsensus = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const denominator = assignment[i] === c ? size[c]! - 1 : size[c]!;
      itemConsensus[i * k + c] = denominator === 0 ? Number.NaN : sums[i * k + c]! / denominator;
    }
  }
  return {
    cdf,
    cdfArea,
    pac: inside / total,
    clusterConsensus,
    meanClusterConsensus: meanCount === 0 ? Number.NaN : meanSum / meanCount,
    itemConsensus,
  };
}
