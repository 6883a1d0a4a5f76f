import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusteringDatasets,
  loadClusteringData,
  loadClusteringExpected,
  loadConsensus60,
  type RTree,
} from '../../../test/fixtures/stats/clustering-fixtures.ts';
import { adjustedRandIndex } from './ari.ts';
import { euclideanDistances, pearsonDistances } from './distance.ts';
import { cutree, hclust, type Hclust, type Linkage } from './hclust.ts';

const linkages: Linkage[] = ['ward.D2', 'average', 'complete'];

describe.each(clusteringDatasets)('hclust against R on %s', (name) => {
  const expected = loadClusteringExpected(name);
  const { x, n, p } = loadClusteringData(expected.hclust_data);
  const dists = { euclidean: euclideanDistances(x, n, p), pearson: pearsonDistances(x, n, p) };
  describe.each(['euclidean', 'pearson'] as const)('%s', (kind) => {
    it.each(linkages)('%s: identical merges, order and cutree; heights within 1e-9 relative', (method) => {
      const r = expected.hclust[kind][method];
      const tree = hclust(dists[kind], method);
      expect(tree.merge.map((m) => Array.from(m))).toEqual(r.merge);
      expect(Array.from(tree.order, (o) => o + 1)).toEqual(r.order);
      for (let i = 0; i < n - 1; i++) {
        // 1e-9 relative, or one rounding of the correlation itself (2.2e-16): R's 1 − cor for nearly collinear
        // profiles (iris, heights ≈ 1e-7) carries that much error, which no implementation can undo.
        expect(Math.abs(tree.height[i]! - r.height[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(r.height[i]!) + 1e-15);
      }
      for (const k of [2, 3, 4, 5]) {
        const ours = cutree(tree, k);
        const theirs = r.cutree[`k${k}`]!;
        // R numbers clusters by first appearance too, so the labels agree exactly, not only up to permutation.
        expect(Array.from(ours, (l) => l + 1)).toEqual(theirs);
        expect(adjustedRandIndex(ours, theirs)).toBe(1);
      }
    });
  });
});

/** Exact agreement, ties included: same merges, order, heights to the bit and cutree labels. */
function expectIdenticalTree(tree: Hclust, r: RTree): void {
  expect(tree.merge.map((m) => Array.from(m))).toEqual(r.merge);
  expect(Array.from(tree.order, (o) => o + 1)).toEqual(r.order);
  expect(Array.from(tree.height)).toEqual(r.height);
  for (const k of [2, 3, 4, 5]) expect(Array.from(cutree(tree, k), (l) => l + 1)).toEqual(r.cutree[`k${k}`]);
}

describe('hclust with tied dissimilarities reproduces R exactly (R breaks ties by scan order; so do we)', () => {
  it.each(['usarrests', 'iris'] as const)('%s, Euclidean, original (tied) data', (name) => {
    const expected = loadClusteringExpected(name);
    const { x, n, p } = loadClusteringData(name);
    const d = euclideanDistances(x, n, p);
    for (const method of linkages) expectIdenticalTree(hclust(d, method), expected.hclust_ties![method]);
  });
  it.each(linkages)('1 − consensus of 25 k-means subsamples (60 observations, 102 distinct values): %s', (method) => {
    const { diss, hclust: r } = loadConsensus60();
    expectIdenticalTree(hclust(diss, method), r[method]);
  });
});

describe('hclust by hand and properties', () => {
  it('merges the closest pair first, with R merge conventions', () => {
    // points on a line: 0, 1, 5, 6.5
    const d = euclideanDistances(Float64Array.of(0, 1, 5, 6.5), 4, 1);
    const t = hclust(d, 'complete');
    expect(t.merge.map((m) => Array.from(m))).toEqual([
      [-1, -2],
      [-3, -4],
      [1, 2],
    ]);
    expect(Array.from(t.height)).toEqual([1, 1.5, 6.5]);
    const avg = hclust(d, 'average');
    expect(avg.height[2]).toBeCloseTo((5 + 6.5 + 4 + 5.5) / 4, 14);
    const ward = hclust(d, 'ward.D2');
    // Ward.D2 height = sqrt(2 · increase in within-cluster SS) for single points: their distance.
    expect(ward.height[0]).toBeCloseTo(1, 14);
  });

  it('copies its input: the dissimilarities are not modified', () => {
    const d = euclideanDistances(Float64Array.of(0, 1, 5, 6.5), 4, 1);
    const copy = d.slice();
    hclust(d, 'ward.D2');
    expect(d).toEqual(copy);
  });

  it('accepts single-precision dissimilarities (half the memory) with the same result on exact values', () => {
    const d = euclideanDistances(Float64Array.of(0, 1, 5, 6.5, 20), 5, 1);
    for (const method of linkages) {
      const a = hclust(d, method);
      const b = hclust(Float32Array.from(d), method);
      expect(b.merge).toEqual(a.merge);
      expect(b.height).toEqual(a.height);
    }
  });

  it('cutree(k) has exactly k clusters labelled 0..k−1 by first appearance; heights never decrease', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        fc.constantFrom(...linkages),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 60, maxLength: 60 }),
        (n, seedShift, method, v) => {
          const x = Float64Array.from({ length: n * 2 }, (_, i) => v[i % 60]! + ((i * 7919 + seedShift) % 101) / 37);
          const tree = hclust(euclideanDistances(x, n, 2), method);
          for (let i = 1; i < n - 1; i++) expect(tree.height[i]!).toBeGreaterThanOrEqual(tree.height[i - 1]! - 1e-12);
          for (let k = 1; k <= n; k++) {
            const labels = cutree(tree, k);
            expect(new Set(labels).size).toBe(k);
            let next = 0;
            for (const l of labels) {
              expect(l).toBeLessThanOrEqual(next);
              if (l === next) next++;
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects non-finite dissimilarities and impossible k', () => {
    expect(() => hclust(Float64Array.of(1, Number.NaN, 2), 'average')).toThrow(RangeError);
    const t = hclust(Float64Array.of(1, 2, 3), 'average');
    expect(() => cutree(t, 0)).toThrow(RangeError);
    expect(() => cutree(t, 4)).toThrow(RangeError);
  });
});
