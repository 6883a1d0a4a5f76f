import { quantileSorted } from './outcomes-values.ts';
import type { Preprocessing } from './preprocess.ts';

/**
 * A saved discovery model and the assignment of any sample to it (immunotypes.md §2.5): the immunotypes'
 * centroids in the scaled space of the discovery's preprocessing, and a confidence from a mixture of spherical
 * Gaussians with those centroids, the immunotypes' shares as weights and the pooled within-immunotype variance —
 * the model k-means itself assumes. A sample farther from its nearest centroid than 99 % of the discovery
 * samples were from theirs is flagged: it may be of a type the discovery did not see.
 */

export interface ImmunotypeModel {
  format: 'septype-immunotype-model';
  formatVersion: 1;
  names: string[];
  preprocessing: Preprocessing;
  /** k × p, the mean of each immunotype's discovery samples in the scaled space. */
  centroids: number[][];
  /** Share of the discovery samples in each immunotype. */
  proportions: number[];
  /** Pooled within-immunotype variance per marker in the scaled space. */
  withinVariance: number;
  /** Squared distance to the nearest centroid beyond which a sample is flagged as far. */
  farDistance2: number;
}

export interface Assignment {
  immunotype: string;
  /** Posterior probability of that immunotype, 0..1. */
  confidence: number;
  /** Far from every centroid (see the module comment). */
  far: boolean;
  /** Posterior probability of each immunotype, in the model's order. */
  probabilities: number[];
}

function distance2(x: Float64Array, offset: number, centroid: readonly number[]): number {
  let d = 0;
  for (let j = 0; j < centroid.length; j++) d += (x[offset + j]! - centroid[j]!) ** 2;
  return d;
}

/** The model of a discovery: x is its scaled samples (n × p), cluster each one's immunotype. */
export function buildModel(
  preprocessing: Preprocessing,
  x: Float64Array,
  cluster: readonly number[],
  names: readonly string[],
): ImmunotypeModel {
  const n = cluster.length;
  const p = preprocessing.markers.length;
  const k = names.length;
  const centroids = Array.from({ length: k }, () => new Array<number>(p).fill(0));
  const sizes = new Array<number>(k).fill(0);
  cluster.forEach((c, i) => {
    sizes[c]!++;
    for (let j = 0; j < p; j++) centroids[c]![j]! += x[i * p + j]!;
  });
  centroids.forEach((centroid, c) => centroid.forEach((sum, j) => (centroid[j] = sum / sizes[c]!)));
  const own = cluster.map((c, i) => distance2(x, i * p, centroids[c]!));
  const withinVariance = own.reduce((s, d) => s + d, 0) / Math.max(1, (n - k) * p);
  return {
    format: 'septype-immunotype-model',
    formatVersion: 1,
    names: [...names],
    preprocessing,
    centroids,
    proportions: sizes.map((size) => size / n),
    withinVariance,
    farDistance2: quantileSorted(
      [...own].sort((a, b) => a - b),
      0.99,
    ),
  };
}

/** Assigns each row of x (n × p, in the model's scaled space). */
export function assignSamples(model: ImmunotypeModel, x: Float64Array): Assignment[] {
  const p = model.preprocessing.markers.length;
  const n = x.length / p;
  return Array.from({ length: n }, (_, i) => {
    const d2 = model.centroids.map((centroid) => distance2(x, i * p, centroid));
    // Log-weights relative to the nearest centroid, so that exp() cannot underflow to 0 for all of them.
    const logWeights = d2.map((d, c) => Math.log(model.proportions[c]!) - d / (2 * model.withinVariance));
    const top = Math.max(...logWeights);
    const weights = logWeights.map((w) => Math.exp(w - top));
    const total = weights.reduce((s, w) => s + w, 0);
    const best = weights.indexOf(Math.max(...weights));
    return {
      immunotype: model.names[best]!,
      confidence: weights[best]! / total,
      far: Math.min(...d2) > model.farDistance2,
      probabilities: weights.map((w) => w / total),
    };
  });
}
