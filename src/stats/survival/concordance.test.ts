import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concordance, concordanceCounts } from './concordance.ts';

/** The definition, pair by pair (O(n²)): what the Fenwick-tree walk must reproduce. */
function bruteForce(time: number[], event: number[], score: number[], strata: number[]) {
  const c = { concordant: 0, discordant: 0, tied: 0 };
  for (let i = 0; i < time.length; i++)
    for (let j = 0; j < time.length; j++) {
      if (strata[i] !== strata[j] || event[i] !== 1) continue;
      // i died first; j outlived i, or was censored at i's time (counts as surviving longer).
      const later = time[j]! > time[i]! || (time[j] === time[i] && event[j] === 0);
      if (!later) continue;
      if (score[i] === score[j]) c.tied++;
      else if (score[i]! > score[j]!) c.concordant++;
      else c.discordant++;
    }
  return c;
}

describe('concordance', () => {
  it('counts the same pairs as the pairwise definition (ties in time and score, censoring, strata)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 8 }),
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: 0, max: 2 }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const cols = [0, 1, 2, 3].map((k) => rows.map((r) => r[k]!));
          const ours = concordanceCounts(
            Float64Array.from(cols[0]!),
            Uint8Array.from(cols[1]!),
            Float64Array.from(cols[2]!),
            Int32Array.from(cols[3]!),
          );
          expect(ours).toEqual(bruteForce(cols[0]!, cols[1]!, cols[2]!, cols[3]!));
        },
      ),
    );
  });

  it('is 1 for a perfectly ordered risk score, 0 when reversed, NaN without comparable pairs', () => {
    const t = Float64Array.of(1, 2, 3, 4, 5);
    const e = Uint8Array.of(1, 1, 1, 1, 0);
    expect(concordance(t, e, Float64Array.of(5, 4, 3, 2, 1))).toBe(1);
    expect(concordance(t, e, Float64Array.of(1, 2, 3, 4, 5))).toBe(0);
    expect(concordance(t, e, Float64Array.of(1, 1, 1, 1, 1))).toBe(0.5);
    expect(concordance(t, new Uint8Array(5), Float64Array.of(1, 2, 3, 4, 5))).toBeNaN();
    expect(() => concordance(t, e, Float64Array.of(1, 2))).toThrow(/same length/);
  });
});
