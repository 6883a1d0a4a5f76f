/**
 * k-means clustering of the rows of a row-major data matrix (n × p Float64Array, see distance.ts).
 *
 * Algorithm: Lloyd's iterations (assign every point to its nearest centre, then move each centre to the mean of
 * its points, until no assignment changes or `maxIter` passes), started from k-means++ seeding (Arthur &
 * Vassilvitskii 2007), repeated `nstart` times; the start with the smallest total within-cluster sum of squares
 * wins (the first one on ties). R's default is Hartigan–Wong, which can improve a Lloyd fixed point further; on
 * data with real structure and enough restarts both reach the same optimum (checked against R in the tests).
 * Lloyd was chosen because each pass is simple, fast and fully deterministic.
 *
 * Randomness comes only from the seeded generator, consumed restart after restart, so a run with more restarts
 * repeats the runs of one with fewer and can only lower the best sum of squares. Labels are renumbered by first
 * appearance (observation 0 is in cluster 0, the next new cluster is 1, …) so equal partitions look equal.
 * An empty cluster (possible after a bad start) is re-seeded at the point farthest from its centre.
 */
import { Rng } from '../random.ts';

export interface KmeansOptions {
  k: number;
  /** A seed, or a generator to draw from (consensus clustering hands each resample its own stream). */
  random: number | Rng;
  /** Number of k-means++ starts (default 10). */
  nstart?: number;
  /** Maximum Lloyd passes per start (default 100). */
  maxIter?: number;
}

export interface KmeansResult {
  /** Cluster of each observation, 0..k−1, numbered by first appearance. */
  cluster: Int32Array;
  /** k × p centres, row-major, in label order. */
  centers: Float64Array;
  size: Int32Array;
  withinss: Float64Array;
  totWithinss: number;
  /** Lloyd passes of the winning start. */
  iterations: number;
  /** Whether the winning start reached a fixed point within maxIter. */
  converged: boolean;
}

interface Run {
  cluster: Int32Array;
  centers: Float64Array;
  iterations: number;
  converged: boolean;
  tot: number;
}

export function kmeans(x: Float64Array, n: number, p: number, options: KmeansOptions): KmeansResult {
  const { k } = options;
  const nstart = options.nstart ?? 10;
  const maxIter = options.maxIter ?? 100;
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1 || x.length !== n * p) {
    throw new RangeError(`data of length ${x.length} is not ${n} × ${p}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be in 1..${n}, got ${k}`);
  if (!Number.isInteger(nstart) || nstart < 1) throw new RangeError(`nstart must be ≥ 1, got ${nstart}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`maxIter must be ≥ 1, got ${maxIter}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`data has a non-finite value at row ${Math.floor(i / p)}`);
  }
  const rng = typeof options.random === 'number' ? new Rng(options.random) : options.random;

  let best: Run | undefined;
  for (let r = 0; r < nstart; r++) {
    const run = lloyd(x, n, p, k, plusPlus(x, n, p, k, rng), maxIter);
    if (best === undefined || run.tot < best.tot) best = run;
  }
  return canonical(x, n, p, k, best!);
}

/** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest chosen. */
function plusPlus(x: Float64Array, n: number, p: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * p);
  const d2 = new Float64Array(n).fill(Infinity);
  let chosen = rng.int(n);
  for (let c = 0; c < k; c++) {
    centers.set(x.subarray(chosen * p, chosen * p + p), c * p);
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = sqDist(x, i * p, centers, c * p, p);
      if (v < d2[i]!) d2[i] = v;
      total += d2[i]!;
    }
    if (total === 0) {
      chosen = rng.int(n); // every point sits on a centre: no distance to weight by
      continue;
    }
    const target = rng.uniform() * total;
    let acc = 0;
    chosen = -1;
    for (let i = 0; i < n; i++) {
      acc += d2[i]!;
      if (acc > target && d2[i]! > 0) {
        chosen = i;
        break;
      }
    }
    // Rounding can leave target ≥ the running sum at the end: take the last point with positive weight.
    if (chosen < 0) for (let i = n - 1; chosen < 0; i--) if (d2[i]! > 0) chosen = i;
  }
  return centers;
}

function lloyd(x: Float64Array, n: number, p: number, k: number, centers: Float64Array, maxIter: number): Run {
  const cluster = new Int32Array(n).fill(-1);
  const counts = new Int32Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    let changed = false;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const v = sqDist(x, o, centers, c * p, p);
        if (v < bestD) {
          bestD = v;
          bestC = c;
        }
      }
      if (cluster[i] !== bestC) {
        cluster[i] = bestC;
        changed = true;
      }
    }
    if (!changed) {
      converged = true;
      break;
    }
    updateCenters(x, n, p, k, cluster, centers, counts);
    if (fixEmpty(x, n, p, k, cluster, centers, counts)) updateCenters(x, n, p, k, cluster, centers, counts);
  }
  return { cluster, centers, iterations, converged, tot: sumOfSquares(x, n, p, k, cluster, centers).tot };
}

function updateCenters(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  cluster: Int32Array,
  centers: Float64Array,
  counts: Int32Array,
): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[cluster[i]!]!++;
  // An empty cluster keeps its previous centre (fixEmpty then decides what to do with it).
  for (let c = 0; c < k; c++) if (counts[c]! > 0) centers.fill(0, c * p, c * p + p);
  for (let i = 0; i < n; i++) {
    const o = cluster[i]! * p;
    for (let j = 0; j < p; j++) centers[o + j]! += x[i * p + j]!;
  }
  for (let c = 0; c < k; c++) {
    const m = counts[c]!;
    if (m > 0) for (let j = 0; j < p; j++) centers[c * p + j]! /= m;
  }
}

/** Moves each empty cluster onto the point farthest from its own centre (taken from a cluster of ≥ 2). */
function fixEmpty(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  cluster: Int32Array,
  centers: Float64Array,
  counts: Int32Array,
): boolean {
  let fixed = false;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      const own = cluster[i]!;
      if (counts[own]! < 2) continue;
      const v = sqDist(x, i * p, centers, own * p, p);
      if (v > farD) {
        farD = v;
        far = i;
      }
    }
    if (far < 0) break; // fewer distinct points than clusters: nothing to move
    counts[cluster[far]!]!--;
    cluster[far] = c;
    counts[c] = 1;
    fixed = true;
  }
  return fixed;
}

function sumOfSquares(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  cluster: Int32Array,
  centers: Float64Array,
): { withinss: Float64Array; tot: number } {
  const withinss = new Float64Array(k);
  for (let i = 0; i < n; i++) withinss[cluster[i]!]! += sqDist(x, i * p, centers, cluster[i]! * p, p);
  let tot = 0;
  for (const w of withinss) tot += w;
  return { withinss, tot };
}

/**
 * Squared Euclidean distance, summed in four interleaved lanes: independent additions let the CPU overlap
 * them, which makes the assignment step, where k-means spends its time, about a quarter faster.
 */
function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, p: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < p; j += 4) {
    const d0 = a[ao + j]! - b[bo + j]!;
    const d1 = a[ao + j + 1]! - b[bo + j + 1]!;
    const d2 = a[ao + j + 2]! - b[bo + j + 2]!;
    const d3 = a[ao + j + 3]! - b[bo + j + 3]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; j < p; j++) {
    const d = a[ao + j]! - b[bo + j]!;
    s0 += d * d;
  }
  return s0 + s1 + (s2 + s3);
}

/** Renumbers clusters by first appearance and recomputes sizes and sums of squares in that order. */
function canonical(x: Float64Array, n: number, p: number, k: number, run: Run): KmeansResult {
  const map = new Int32Array(k).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) if (map[run.cluster[i]!] === -1) map[run.cluster[i]!] = next++;
  for (let c = 0; c < k; c++) if (map[c] === -1) map[c] = next++; // empty clusters (degenerate data) last
  const cluster = run.cluster.map((c) => map[c]!);
  const centers = new Float64Array(k * p);
  for (let c = 0; c < k; c++) centers.set(run.centers.subarray(c * p, c * p + p), map[c]! * p);
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[cluster[i]!]!++;
  const { withinss, tot } = sumOfSquares(x, n, p, k, cluster, centers);
  return { cluster, centers, size, withinss, totWithinss: tot, iterations: run.iterations, converged: run.converged };
}
