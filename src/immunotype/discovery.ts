import { InputError } from '../core/errors.ts';
import type { DiscoveryOptions } from './spec.ts';
import { consensusClusterParallel } from '../stats/cluster/consensus-parallel.ts';
import type { ConsensusK } from '../stats/cluster/consensus.ts';
import { condensedIndex, euclideanDistances } from '../stats/cluster/distance.ts';
import { silhouette } from '../stats/cluster/silhouette.ts';

/**
 * Data-driven immunotypes (immunotypes.md §2.3–2.4): consensus clustering of the preprocessed panel over a
 * range of k, a suggested k, the user's k when given, and the clusters of that k as immunotypes — numbered by
 * size (IT1 the largest) unless the user names them.
 *
 * The suggestion is the k whose consensus partition has the widest mean silhouette on the scaled data. PAC
 * (Șenbabaoğlu et al. 2014) is reported beside it but not used: on sepsis panels the most stable split is
 * nearly always k = 2 (the sick against the less sick), which PAC rewards. On the demo cohort with four
 * planted types PAC chose 2 on every seed tried and the silhouette 4 (docs/decisions.md).
 */

export interface ConsensusSummary {
  k: number;
  /** Empirical CDF of the consensus values at 0.01, …, 1. */
  cdf: number[];
  cdfArea: number;
  deltaArea: number;
  pac: number;
  meanClusterConsensus: number;
  /** Mean silhouette width of the partition on the Euclidean distances of the scaled samples. */
  silhouette: number;
}

export interface Discovery {
  byK: ConsensusSummary[];
  suggestedK: number;
  k: number;
  names: string[];
  /** Immunotype of each clustered sample, 0..k−1 (index into names). */
  cluster: number[];
  /** Mean consensus of each sample with the other members of its immunotype (its stability). */
  itemConsensus: number[];
  /** The consensus matrix of the chosen k for the heatmap; null above `heatmapLimit` samples. */
  heatmap: ConsensusHeatmap | null;
}

/**
 * The consensus matrix of the chosen k, samples ordered by immunotype and, within one, by their stability,
 * averaged into at most 100 × 100 cells so that a report stays small whatever the cohort's size.
 */
export interface ConsensusHeatmap {
  /** cells[a][b]: mean consensus of the samples of bucket a with those of bucket b. */
  cells: number[][];
  /** The immunotype (index into names) of each bucket's first sample. */
  bucketImmunotype: number[];
}

/**
 * Keeping every k's consensus matrix costs n²/2 floats per k, and asking for them keeps consensus clustering
 * on one thread: above this many samples the heatmap is left out.
 */
export const heatmapLimit = 1500;

function summary(result: ConsensusK, distances: Float64Array): ConsensusSummary {
  return {
    k: result.k,
    cdf: Array.from(result.cdf),
    cdfArea: result.cdfArea,
    deltaArea: result.deltaArea,
    pac: result.pac,
    meanClusterConsensus: result.meanClusterConsensus,
    silhouette: silhouette(result.assignment, distances).mean,
  };
}

/** Within kRange: the widest mean silhouette, the smaller k on ties (the simpler description). */
export function suggestK(byK: readonly ConsensusSummary[], [low, high]: readonly [number, number]): number {
  let best: ConsensusSummary | null = null;
  for (const r of byK) if (r.k >= low && r.k <= high && (best === null || r.silhouette > best.silhouette)) best = r;
  if (best === null) throw new InputError('kRange', `no k between ${low} and ${high} was computed`);
  return best.k;
}

export async function discoverImmunotypes(
  x: Float64Array,
  n: number,
  p: number,
  options: DiscoveryOptions,
  seed: number,
  threads?: number,
  /** The share of the resamples clustered so far, 0..1. */
  onProgress?: (fraction: number) => void,
): Promise<Discovery> {
  if (options.kRange[1] >= n) {
    throw new InputError('kRange', `${n} samples cannot make ${options.kRange[1]} immunotypes`);
  }
  const kMax = Math.max(options.kRange[1], options.k ?? 2);
  const matrices = new Map<number, Float32Array>();
  const result = await consensusClusterParallel(
    x,
    n,
    p,
    {
      kMax,
      reps: options.resamples,
      seed,
      pItem: options.pItem,
      algorithm: options.algorithm,
      ...(n <= heatmapLimit ? { onConsensus: (k: number, c: Float32Array) => matrices.set(k, c.slice()) } : {}),
      ...(onProgress === undefined ? {} : { onResample: throttled(onProgress) }),
    },
    threads === undefined ? {} : { threads },
  );
  const distances = euclideanDistances(x, n, p);
  const byK = result.byK.map((r) => summary(r, distances));
  const suggestedK = suggestK(byK, options.kRange);
  const k = options.k ?? suggestedK;
  const chosen = result.byK.find((r) => r.k === k)!;
  if (options.names !== undefined && options.names.length !== k) {
    throw new InputError('names', `${options.names.length} names for ${k} immunotypes`);
  }
  // Largest first; equal sizes keep the order of first appearance, so the numbering is deterministic.
  const sizes = Array.from({ length: k }, (_, c) => chosen.assignment.filter((a) => a === c).length);
  const bySize = sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const rank = new Map(bySize.map((c, r) => [c, r]));
  const cluster = Array.from(chosen.assignment, (c) => rank.get(c)!);
  const itemConsensus = Array.from(chosen.assignment, (c, i) => chosen.itemConsensus[i * k + c]!);
  const names = options.names ?? Array.from({ length: k }, (_, c) => `IT${c + 1}`);
  const matrix = matrices.get(k);
  const heatmap = matrix === undefined ? null : consensusHeatmap(matrix, cluster, itemConsensus);
  return { byK, suggestedK, k, names, cluster, itemConsensus, heatmap };
}

/** Reports whole percents only: a run of 500 resamples would otherwise post 500 messages. */
function throttled(report: (fraction: number) => void): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const percent = Math.floor((100 * done) / total);
    if (percent > last) {
      last = percent;
      report(done / total);
    }
  };
}

export function consensusHeatmap(
  consensus: Float32Array,
  cluster: readonly number[],
  itemConsensus: readonly number[],
): ConsensusHeatmap {
  const n = cluster.length;
  const order = cluster
    .map((_c, i) => i)
    .sort((a, b) => cluster[a]! - cluster[b]! || itemConsensus[b]! - itemConsensus[a]! || a - b);
  const buckets = Math.min(n, 100);
  const bucketOf = (rank: number) => Math.floor((rank * buckets) / n);
  const sums = Array.from({ length: buckets }, () => new Array<number>(buckets).fill(0));
  const counts = Array.from({ length: buckets }, () => new Array<number>(buckets).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const i = order[a]!;
      const j = order[b]!;
      const value = i === j ? 1 : consensus[condensedIndex(n, i, j)]!;
      sums[bucketOf(a)]![bucketOf(b)]! += value;
      counts[bucketOf(a)]![bucketOf(b)]!++;
    }
  }
  return {
    cells: sums.map((row, a) => row.map((sum, b) => Math.round((sum / counts[a]![b]!) * 1000) / 1000)),
    bucketImmunotype: Array.from({ length: buckets }, (_b, bucket) => {
      const first = order.findIndex((_i, rank) => bucketOf(rank) === bucket);
      return cluster[order[first]!]!;
    }),
  };
}
