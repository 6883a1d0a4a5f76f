/**
 * Silhouette widths (Rousseeuw 1987) of a partition, from a condensed dissimilarity (see distance.ts), as
 * `cluster::silhouette(partition, dist)`:
 *   a(i) = mean dissimilarity of i to the other members of its cluster,
 *   b(i) = smallest mean dissimilarity of i to the members of another cluster (that cluster is i's neighbour),
 *   s(i) = (b − a) / max(a, b), and 0 when i is alone in its cluster (or a = b).
 * One pass over the n(n−1)/2 dissimilarities accumulates every observation's sum per cluster: O(n² + nk).
 * Where R returns NA for the whole partition (one cluster, or every observation alone), we throw for one
 * cluster and return widths of 0 for all singletons, which is what the definition gives.
 */
import { condensedSize } from './distance.ts';

export interface Silhouette {
  /** s(i) for each observation, in [−1, 1]. */
  width: Float64Array;
  /** Neighbour cluster of each observation (0-based label; −1 when there is only one non-empty cluster). */
  neighbor: Int32Array;
  /** Mean width per cluster (NaN for an empty label). */
  clusterMean: Float64Array;
  /** Mean width over all observations. */
  mean: number;
}

/** `labels` are 0..k−1 (k = largest label + 1); a partition needs at least two non-empty clusters. */
export function silhouette(labels: ArrayLike<number>, diss: Float64Array | Float32Array): Silhouette {
  const n = condensedSize(diss.length);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} observations`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`label ${i} is not a non-negative integer`);
    k = Math.max(k, l + 1);
  }
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]!]! += 1;
  let nonEmpty = 0;
  for (const c of counts) if (c > 0) nonEmpty++;
  if (nonEmpty < 2) throw new RangeError('silhouette needs at least two non-empty clusters');

  // sums[i * k + c] = sum of dissimilarities from i to the members of cluster c.
  const sums = new Float64Array(n * k);
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const ci = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const v = diss[at++]!;
      sums[i * k + labels[j]!]! += v;
      sums[j * k + ci]! += v;
    }
  }

  const width = new Float64Array(n);
  const neighbor = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ci = labels[i]!;
    let b = Infinity;
    let nb = -1;
    for (let c = 0; c < k; c++) {
      if (c === ci || counts[c] === 0) continue;
      const mean = sums[i * k + c]! / counts[c]!;
      if (mean < b) {
        b = mean;
        nb = c;
      }
    }
    neighbor[i] = nb;
    if (counts[ci] === 1) {
      width[i] = 0; // a singleton has no a(i); Rousseeuw sets s(i) = 0
      continue;
    }
    const a = sums[i * k + ci]! / (counts[ci]! - 1);
    width[i] = a === b ? 0 : (b - a) / Math.max(a, b);
  }

  const clusterMean = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    clusterMean[labels[i]!]! += width[i]!;
    total += width[i]!;
  }
  for (let c = 0; c < k; c++) clusterMean[c] = counts[c]! > 0 ? clusterMean[c]! / counts[c]! : Number.NaN;
  return { width, neighbor, clusterMean, mean: total / n };
}
