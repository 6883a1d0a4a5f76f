import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { adjustBH, adjustHolm, pAdjust } from './p-adjust.ts';

interface RCase {
  name: string;
  p: (number | null)[];
  bh: (number | null)[];
  holm: (number | null)[];
}
const cases = JSON.parse(
  readFileSync(new URL('../../test/fixtures/stats/expected/tests-p-adjust.json', import.meta.url), 'utf8'),
) as RCase[];
const toArray = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? Number.NaN : x));

/** Absolute 1e-15 (the values are in [0, 1]); NaN where R has NA. */
function expectClose(actual: Float64Array, expected: (number | null)[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(actual[i]).toBeNaN();
    else expect(Math.abs(actual[i]! - e), `index ${i}: ${actual[i]} vs R ${e}`).toBeLessThanOrEqual(1e-15);
  });
}

describe('p.adjust against R', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expectClose(adjustBH(toArray(c.p)), c.bh);
    expectClose(adjustHolm(toArray(c.p)), c.holm);
    expectClose(pAdjust(toArray(c.p), 'BH'), c.bh);
    expectClose(pAdjust(toArray(c.p), 'holm'), c.holm);
  });
});

const pArrays = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 })
  .map((a) => Float64Array.from(a));

describe('p.adjust properties', () => {
  it('adjusted values are in [raw p, 1], Holm ≥ BH, and both keep the order of the raw p-values', () => {
    fc.assert(
      fc.property(pArrays, (p) => {
        const bh = adjustBH(p);
        const holm = adjustHolm(p);
        for (let i = 0; i < p.length; i++) {
          expect(bh[i]!).toBeGreaterThanOrEqual(p[i]!);
          expect(bh[i]!).toBeLessThanOrEqual(1);
          expect(holm[i]!).toBeGreaterThanOrEqual(bh[i]! * (1 - 1e-15));
          for (let j = 0; j < p.length; j++) {
            if (p[i]! <= p[j]!) {
              expect(bh[i]!).toBeLessThanOrEqual(bh[j]!);
              expect(holm[i]!).toBeLessThanOrEqual(holm[j]!);
            }
          }
        }
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(pArrays, fc.integer(), (p, seed) => {
        const perm = Array.from(p.keys()).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const q = Float64Array.from(perm, (i) => p[i]!);
        const bh = adjustBH(p);
        const bhq = adjustBH(q);
        perm.forEach((i, k) => expect(bhq[k]).toBe(bh[i]));
      }),
    );
  });

  it('skips NaN and rejects values outside [0, 1]', () => {
    expect(Array.from(adjustHolm(Float64Array.of(0.01, Number.NaN, 0.02)))).toEqual([0.02, Number.NaN, 0.02]);
    expect(adjustBH(new Float64Array(0)).length).toBe(0);
    expect(() => adjustBH(Float64Array.of(0.5, 1.5))).toThrow(InputError);
    expect(() => adjustHolm(Float64Array.of(-0.1))).toThrow(InputError);
  });
});
