import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusteringDatasets,
  loadClusteringData,
  loadClusteringExpected,
} from '../../../test/fixtures/stats/clustering-fixtures.ts';
import { Rng } from '../random.ts';
import { adjustedRandIndex } from './ari.ts';
import { kmeans } from './kmeans.ts';

describe.each(clusteringDatasets)('kmeans against R kmeans(x, k, nstart = 50, iter.max = 100) on %s', (name) => {
  const expected = loadClusteringExpected(name);
  const { x, n, p } = loadClusteringData(name);
  const r = expected.kmeans!;
  it.each([1, 2, 3])('seed %i: same partition (ARI = 1), sums of squares and centres within 1e-9', (seed) => {
    const km = kmeans(x, n, p, { k: r.k, random: seed, nstart: 50, maxIter: 100 });
    expect(km.converged).toBe(true);
    expect(adjustedRandIndex(km.cluster, r.cluster)).toBe(1);
    expect(Math.abs(km.totWithinss - r.tot_withinss)).toBeLessThanOrEqual(1e-9 * r.tot_withinss);
    // R's labels are a permutation of ours: map each of our clusters to R's through its first member.
    for (let c = 0; c < r.k; c++) {
      const rc = r.cluster[km.cluster.indexOf(c)]! - 1;
      expect(Math.abs(km.withinss[c]! - r.withinss[rc]!)).toBeLessThanOrEqual(1e-9 * r.withinss[rc]!);
      for (let j = 0; j < p; j++) {
        expect(Math.abs(km.centers[c * p + j]! - r.centers[rc]![j]!)).toBeLessThanOrEqual(
          1e-9 * (1 + Math.abs(r.centers[rc]![j]!)),
        );
      }
    }
  });
});

const smallData = fc.integer({ min: 4, max: 40 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    v: fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }),
    k: fc.integer({ min: 1, max: Math.min(5, n) }),
    seed: fc.integer(),
  }),
);

describe('kmeans properties', () => {
  it('same seed → identical result; a seed and a generator with that seed agree', () => {
    const { x, n, p } = loadClusteringData('planted300x10');
    const a = kmeans(x, n, p, { k: 4, random: 123, nstart: 5 });
    const b = kmeans(x, n, p, { k: 4, random: 123, nstart: 5 });
    const c = kmeans(x, n, p, { k: 4, random: new Rng(123), nstart: 5 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('pins one seeded run (k = 8 on 4 planted clusters, a single start), so a change in the seeding is caught', () => {
    // Only IEEE double arithmetic and the seeded generator are involved: these values hold on every machine.
    const { x, n, p } = loadClusteringData('planted300x10');
    const km = kmeans(x, n, p, { k: 8, random: 1, nstart: 1 });
    expect(km.totWithinss).toBe(2761.2240480502915);
    expect(km.iterations).toBe(7);
    expect(Array.from(km.size)).toEqual([25, 31, 75, 34, 25, 44, 41, 25]);
    expect(Array.from(km.cluster.subarray(0, 20))).toEqual([
      0, 1, 2, 3, 4, 5, 2, 6, 0, 1, 2, 6, 0, 5, 2, 6, 7, 1, 2, 3,
    ]);
    expect(kmeans(x, n, p, { k: 8, random: 2, nstart: 1 }).totWithinss).toBe(2780.075888650988);
  });

  it('the best sum of squares never increases with more restarts', () => {
    fc.assert(
      fc.property(smallData, ({ n, v, k, seed }) => {
        const x = Float64Array.from(v);
        let previous = Infinity;
        for (const nstart of [1, 2, 3, 5, 8]) {
          const km = kmeans(x, n, 2, { k, random: seed, nstart });
          expect(km.totWithinss).toBeLessThanOrEqual(previous);
          previous = km.totWithinss;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('labels are 0..k−1 by first appearance; sizes, sums of squares and centres are consistent', () => {
    fc.assert(
      fc.property(smallData, ({ n, v, k, seed }) => {
        const x = Float64Array.from(v);
        const km = kmeans(x, n, 2, { k, random: seed, nstart: 3 });
        let next = 0;
        for (const l of km.cluster) {
          expect(l).toBeLessThanOrEqual(next);
          if (l === next) next++;
        }
        expect(Array.from(km.size).reduce((a, b) => a + b)).toBe(n);
        expect(km.totWithinss).toBeCloseTo(
          km.withinss.reduce((a, b) => a + b, 0),
          9,
        );
        for (let c = 0; c < next; c++) {
          let sx = 0;
          for (let i = 0; i < n; i++) if (km.cluster[i] === c) sx += x[i * 2]!;
          expect(km.centers[c * 2]).toBeCloseTo(sx / km.size[c]!, 9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('k = 1 gives the total sum of squares about the mean; k = n gives 0', () => {
    const x = Float64Array.of(1, 2, 3, 10);
    expect(kmeans(x, 4, 1, { k: 1, random: 1 }).totWithinss).toBe(9 + 4 + 1 + 36); // mean 4;
    expect(kmeans(x, 4, 1, { k: 4, random: 1 }).totWithinss).toBe(0);
  });

  it('uses every cluster even on data with duplicated points', () => {
    const x = Float64Array.of(0, 0, 0, 0, 0, 5, 5, 9);
    const km = kmeans(x, 8, 1, { k: 3, random: 4, nstart: 1 });
    expect(new Set(km.cluster).size).toBe(3);
    expect(km.totWithinss).toBe(0);
  });

  it('reports non-convergence when maxIter is too small', () => {
    const { x, n, p } = loadClusteringData('planted300x10');
    const km = kmeans(x, n, p, { k: 8, random: 1, nstart: 1, maxIter: 1 });
    expect(km.iterations).toBe(1);
    expect(km.converged).toBe(false);
  });

  it('rejects bad arguments', () => {
    const x = Float64Array.of(1, 2, 3);
    expect(() => kmeans(x, 3, 1, { k: 4, random: 1 })).toThrow(RangeError);
    expect(() => kmeans(x, 3, 1, { k: 2, random: 1, nstart: 0 })).toThrow(RangeError);
    expect(() => kmeans(x, 2, 2, { k: 1, random: 1 })).toThrow(RangeError);
    expect(() => kmeans(Float64Array.of(1, Number.NaN), 2, 1, { k: 1, random: 1 })).toThrow(RangeError);
  });
});
