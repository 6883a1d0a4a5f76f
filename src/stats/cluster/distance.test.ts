import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { condensedIndex, condensedSize, euclideanDistances, pearsonDistances } from './distance.ts';

describe('condensed layout (R dist / SciPy pdist order)', () => {
  it('enumerates pairs (0,1), (0,2), …, (1,2), … in order, symmetric in i and j', () => {
    const n = 6;
    let at = 0;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        expect(condensedIndex(n, i, j)).toBe(at);
        expect(condensedIndex(n, j, i)).toBe(at);
        at++;
      }
    }
    expect(condensedSize(at)).toBe(n);
    expect(() => condensedSize(4)).toThrow(RangeError);
  });
});

describe('euclideanDistances', () => {
  it('computes a small example by hand', () => {
    // rows (0,0), (3,4), (6,8)
    const d = euclideanDistances(Float64Array.of(0, 0, 3, 4, 6, 8), 3, 2);
    expect(Array.from(d)).toEqual([5, 10, 5]);
  });
  it('rejects a wrong shape and non-finite values', () => {
    expect(() => euclideanDistances(new Float64Array(5), 2, 3)).toThrow(RangeError);
    expect(() => euclideanDistances(Float64Array.of(1, Number.NaN), 2, 1)).toThrow(RangeError);
  });
  it('satisfies the triangle inequality', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 9, maxLength: 9 }), (v) => {
        const d = euclideanDistances(Float64Array.from(v), 3, 3);
        const [ab, ac, bc] = [d[0]!, d[1]!, d[2]!];
        expect(ac).toBeLessThanOrEqual(ab + bc + 1e-9);
        expect(ab).toBeLessThanOrEqual(ac + bc + 1e-9);
      }),
    );
  });
});

describe('pearsonDistances', () => {
  it('is 0 for proportional profiles, 2 for opposite ones, 1 for uncorrelated ones', () => {
    const x = Float64Array.of(1, 2, 3, 4, 2, 4, 6, 8, 4, 3, 2, 1, 1, -1, -1, 1);
    const d = pearsonDistances(x, 4, 4);
    expect(d[condensedIndex(4, 0, 1)]).toBeCloseTo(0, 14);
    expect(d[condensedIndex(4, 0, 2)]).toBeCloseTo(2, 14);
    expect(d[condensedIndex(4, 0, 3)]).toBeCloseTo(1, 14);
  });
  it('rejects a constant row instead of returning NaN', () => {
    expect(() => pearsonDistances(Float64Array.of(1, 1, 1, 1, 2, 3), 2, 3)).toThrow(/row 0 is constant/);
  });
  it('stays within [0, 2]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 12, maxLength: 12 }), (v) => {
        let d: Float64Array;
        try {
          d = pearsonDistances(Float64Array.from(v), 4, 3);
        } catch {
          return; // a constant row
        }
        for (const x of d) expect(x >= 0 && x <= 2).toBe(true);
      }),
    );
  });
});
