import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusteringDatasets,
  loadClusteringData,
  loadClusteringExpected,
} from '../../../test/fixtures/stats/clustering-fixtures.ts';
import { euclideanDistances, pearsonDistances } from './distance.ts';
import { silhouette } from './silhouette.ts';

describe.each(clusteringDatasets)('silhouette against cluster::silhouette on %s', (name) => {
  const expected = loadClusteringExpected(name);
  const { x, n, p } = loadClusteringData(name);
  const dists = { euclidean: euclideanDistances(x, n, p), pearson: pearsonDistances(x, n, p) };
  it.each([
    ['ward3', 'euclidean'],
    ['random4', 'euclidean'],
    ['ward3_pearson', 'pearson'],
  ] as const)('%s (%s): widths within 1e-9, identical neighbours', (which, kind) => {
    const r = expected.silhouette[which];
    const s = silhouette(
      r.partition.map((l) => l - 1),
      dists[kind],
    );
    for (let i = 0; i < n; i++) expect(Math.abs(s.width[i]! - r.width[i]!)).toBeLessThanOrEqual(1e-9);
    expect(Array.from(s.neighbor, (c) => c + 1)).toEqual(r.neighbor);
  });
});

describe('silhouette by hand and properties', () => {
  it('two tight, distant pairs have widths close to 1; a singleton has width 0', () => {
    const d = euclideanDistances(Float64Array.of(0, 1, 10, 11, 30), 5, 1);
    const s = silhouette([0, 0, 1, 1, 2], d);
    // i = 0: a = 1, b = mean(10, 11) = 10.5 → 1 − 1/10.5
    expect(s.width[0]).toBeCloseTo(1 - 1 / 10.5, 14);
    expect(s.width[4]).toBe(0);
    expect(Array.from(s.neighbor)).toEqual([1, 1, 0, 0, 1]);
    expect(s.mean).toBeCloseTo(Array.from(s.width).reduce((a, b) => a + b) / 5, 15);
  });
  it('widths lie in [−1, 1] for any partition', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }),
              fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([v, labels]) => {
          if (new Set(labels).size < 2) return;
          const s = silhouette(labels, euclideanDistances(Float64Array.from(v), labels.length, 2));
          for (const w of s.width) expect(w >= -1 && w <= 1).toBe(true);
        },
      ),
    );
  });
  it('rejects a single cluster and mismatched lengths', () => {
    const d = euclideanDistances(Float64Array.of(0, 1, 2), 3, 1);
    expect(() => silhouette([0, 0, 0], d)).toThrow(RangeError);
    expect(() => silhouette([0, 1], d)).toThrow(RangeError);
  });
});
