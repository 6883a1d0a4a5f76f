/**
 * Agglomerative hierarchical clustering on a precomputed condensed dissimilarity (see distance.ts), so
 * consensus clustering can feed it 1 − consensus directly.
 *
 * Algorithm: the nearest-neighbour-list scheme with Lance–Williams updates used by R's `hclust` (F. Murtagh's
 * hclust.f): keep, for each active cluster i, its nearest active neighbour among higher indices; merge the
 * globally closest pair (i < j), the merged cluster keeps index i, and only neighbours that pointed at i or
 * j are rescanned. Scanning in the same order with the same strict comparisons reproduces R's choice among
 * tied pairs, and the updates use R's arithmetic, so heights agree to rounding. Typical cost O(n²) time and
 * the n(n−1)/2 working copy of the dissimilarities.
 *
 * Methods: "ward.D2" (Ward on squared dissimilarities, heights reported unsquared, as R), "average" (UPGMA),
 * "complete". All three are monotone, so heights never decrease and cutting at k is well defined.
 * The input may be a Float32Array (half the memory for large consensus matrices); the work is done in doubles.
 */
import { condensedIndex, condensedSize } from './distance.ts';

export type Linkage = 'ward.D2' | 'average' | 'complete';

export interface Hclust {
  /** n − 1 merges, R's convention: −i is observation i (1-based), +s is the cluster formed at step s (1-based). */
  merge: Int32Array[];
  /** Height of each merge (n − 1 values, non-decreasing). */
  height: Float64Array;
  /** Leaf order for drawing a dendrogram without crossings, 0-based (R's `order` minus 1). */
  order: Int32Array;
  n: number;
  method: Linkage;
}

export function hclust(diss: Float64Array | Float32Array, method: Linkage): Hclust {
  const n = condensedSize(diss.length);
  if (n < 2) throw new RangeError('hclust needs at least 2 observations');
  for (let i = 0; i < diss.length; i++) {
    if (!Number.isFinite(diss[i]!)) throw new RangeError(`dissimilarity ${i} is not finite`);
  }
  const ward = method === 'ward.D2';
  // Working copy: updated in place; Ward works on squared dissimilarities.
  const d = new Float64Array(diss.length);
  for (let i = 0; i < d.length; i++) d[i] = ward ? diss[i]! * diss[i]! : diss[i]!;

  const active = new Uint8Array(n).fill(1);
  const size = new Float64Array(n).fill(1);
  const nn = new Int32Array(n);
  const nnDist = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n - 1; i++) rescan(i);

  function rescan(i: number): void {
    let best = Infinity;
    let arg = -1;
    let at = condensedIndex(n, i, i + 1);
    // Dissimilarities to merged-away clusters are set to Infinity, so no activity check is needed here.
    for (let j = i + 1; j < n; j++, at++) {
      if (d[at]! < best) {
        best = d[at]!;
        arg = j;
      }
    }
    nn[i] = arg;
    nnDist[i] = best;
  }

  const lowerId = new Int32Array(n - 1); // i (the surviving index) of each merge
  const upperId = new Int32Array(n - 1);
  const height = new Float64Array(n - 1);
  for (let step = 0; step < n - 1; step++) {
    let best = Infinity;
    let im = -1;
    for (let i = 0; i < n - 1; i++) {
      if (active[i] === 1 && nnDist[i]! < best) {
        best = nnDist[i]!;
        im = i;
      }
    }
    const i2 = im;
    const j2 = nn[im]!; // > i2 by construction
    lowerId[step] = i2;
    upperId[step] = j2;
    height[step] = ward ? Math.sqrt(best) : best;
    active[j2] = 0;

    const dij = d[condensedIndex(n, i2, j2)]!;
    const ni = size[i2]!;
    const nj = size[j2]!;
    let newBest = Infinity;
    let newArg = -1;
    // Condensed positions of (k, i2) and (k, j2) computed incrementally: rowStart(k) = n·k − k(k+1)/2.
    const rowI = rowStart(n, i2);
    const rowJ = rowStart(n, j2);
    for (let k = 0, rowK = 0; k < n; rowK += n - k - 1, k++) {
      if (active[k] === 0 || k === i2) continue;
      const a = k < i2 ? rowK + i2 - k - 1 : rowI + k - i2 - 1;
      const b = k < j2 ? rowK + j2 - k - 1 : rowJ + k - j2 - 1;
      const dik = d[a]!;
      const djk = d[b]!;
      d[b] = Infinity; // j2 is merged away (inactive clusters' entries were cleared when they merged)
      let v: number;
      switch (method) {
        case 'ward.D2': {
          const nk = size[k]!;
          v = ((ni + nk) * dik + (nj + nk) * djk - nk * dij) / (ni + nj + nk);
          break;
        }
        case 'average':
          v = (ni * dik + nj * djk) / (ni + nj);
          break;
        case 'complete':
          v = Math.max(dik, djk);
          break;
      }
      d[a] = v;
      if (i2 < k && v < newBest) {
        newBest = v;
        newArg = k;
      }
    }
    d[condensedIndex(n, i2, j2)] = Infinity;
    size[i2] = ni + nj;
    nn[i2] = newArg;
    nnDist[i2] = newBest;
    // For these reducible methods a merge never brings a cluster closer to a third one than both parts were,
    // so only clusters whose neighbour was i2 or j2 can have a new nearest neighbour.
    for (let i = 0; i < n - 1; i++) {
      if (active[i] === 1 && (nn[i] === i2 || nn[i] === j2)) rescan(i);
    }
  }
  const merge = toRMerge(lowerId, upperId, n);
  return { merge, height, order: leafOrder(merge, n), n, method };
}

function rowStart(n: number, i: number): number {
  return n * i - (i * (i + 1)) / 2;
}

/**
 * Converts merges of cluster indices into R's merge matrix (as R's hcass2): a cluster is named by the last
 * step that formed it, singletons come first, two singletons or two clusters in increasing order.
 */
function toRMerge(lower: Int32Array, upper: Int32Array, n: number): Int32Array[] {
  const formedAt = new Int32Array(n).fill(0); // 0: still a singleton; else 1-based step
  const merge: Int32Array[] = [];
  for (let s = 0; s < n - 1; s++) {
    const ids = [lower[s]!, upper[s]!].map((c) => (formedAt[c] === 0 ? -(c + 1) : formedAt[c]!));
    let [a, b] = ids as [number, number];
    if (a > 0 && b < 0) [a, b] = [b, a];
    else if (a > 0 && b > 0 && a > b) [a, b] = [b, a];
    merge.push(Int32Array.of(a, b));
    formedAt[lower[s]!] = s + 1;
  }
  return merge;
}

/** R's dendrogram leaf order: expand the last merge depth-first, left part before right part. */
function leafOrder(merge: Int32Array[], n: number): Int32Array {
  const order = new Int32Array(n);
  let at = 0;
  const stack: number[] = [n - 1];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (m < 0) {
      order[at++] = -m - 1;
      continue;
    }
    const row = merge[m - 1]!;
    stack.push(row[1]!, row[0]!); // left popped first
  }
  return order;
}

/**
 * Cuts the tree into k clusters by undoing its last k − 1 merges (R's `cutree(tree, k)`). Labels are 0..k−1
 * numbered by first appearance along the observations, as R numbers them (R's label = ours + 1).
 */
export function cutree(tree: Hclust, k: number): Int32Array {
  const n = tree.n;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be in 1..${n}, got ${k}`);
  // Union–find over the first n − k merges.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const rep = new Int32Array(n - 1); // one observation of the cluster formed at each step
  for (let s = 0; s < n - k; s++) {
    const row = tree.merge[s]!;
    const a = row[0]! < 0 ? -row[0]! - 1 : rep[row[0]! - 1]!;
    const b = row[1]! < 0 ? -row[1]! - 1 : rep[row[1]! - 1]!;
    const ra = find(a);
    parent[find(b)] = ra;
    rep[s] = ra;
  }
  return relabelByFirstAppearance(Int32Array.from({ length: n }, (_, i) => find(i)));
}

/** Renames arbitrary integer labels to 0, 1, … in order of first appearance. */
export function relabelByFirstAppearance(labels: ArrayLike<number>): Int32Array {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    let m = map.get(l);
    if (m === undefined) {
      m = map.size;
      map.set(l, m);
    }
    out[i] = m;
  }
  return out;
}
