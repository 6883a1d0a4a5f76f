import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusteringDatasets, loadClusteringExpected } from '../../../test/fixtures/stats/clustering-fixtures.ts';
import { adjustedRandIndex } from './ari.ts';

describe.each(clusteringDatasets)('adjustedRandIndex against mclust on %s', (name) => {
  const expected = loadClusteringExpected(name);
  it.each(expected.ari.map((pair, i) => [i, pair] as const))('pair %i within 1e-12', (_i, pair) => {
    const ours = adjustedRandIndex(pair.a, pair.b);
    expect(Math.abs(ours - pair.ari)).toBeLessThanOrEqual(1e-12);
  });
});

const partition = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
    ),
  );

describe('adjustedRandIndex properties', () => {
  it('a worked example (Hubert & Arabie): 0.2424…', () => {
    // Two partitions of 6 items; pair counts a = 2, b = 2, c = 1, d = 10 → ARI = 8/33.
    expect(adjustedRandIndex([1, 1, 1, 2, 2, 2], [1, 1, 2, 2, 3, 3])).toBeCloseTo(0.24242424242424243, 15);
  });
  it('is 1 for a partition with itself and with any relabelling of it', () => {
    fc.assert(
      fc.property(partition, ([a]) => {
        expect(adjustedRandIndex(a, a)).toBe(1);
        expect(
          adjustedRandIndex(
            a,
            a.map((l) => 100 - 3 * l),
          ),
        ).toBe(1);
      }),
    );
  });
  it('is symmetric and at most 1', () => {
    fc.assert(
      fc.property(partition, ([a, b]) => {
        const ab = adjustedRandIndex(a, b);
        expect(ab).toBe(adjustedRandIndex(b, a));
        expect(ab).toBeLessThanOrEqual(1 + 1e-15);
      }),
    );
  });
  it('returns 1 for the degenerate identical partitions where R gives NaN (all singletons)', () => {
    expect(adjustedRandIndex([0, 1, 2, 3], [5, 6, 7, 8])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0], [1, 1, 1])).toBe(1);
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(RangeError);
  });
});
