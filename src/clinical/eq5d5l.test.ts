import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import {
  dutchValueSet2016,
  eq5d5lDimensions,
  eq5d5lIndex,
  eq5d5lIndexOfAnswers,
  scoreEq5d5lInput,
  type Eq5d5lValueSet,
} from './eq5d5l.ts';

/**
 * Floating point: the coefficients are decimal fractions, which a binary double holds only approximately, so
 * a specification written in decimals is compared to 12 digits (|difference| < 5·10⁻¹³). That is a thousand
 * times finer than any change a wrong coefficient makes (the table has 3 decimals, so an error moves an index
 * by ≥ 0.001) and a thousand times coarser than the rounding error of adding six doubles (≈ 10⁻¹⁶), so the
 * tests neither pass a wrong table nor fail on how the sum is evaluated. (The code happens to give the double
 * nearest the decimal, checked once below, but the clinical rules do not depend on that.)
 */
const digits = 12;
const index = (profile: string) => eq5d5lIndex(profile).index;

describe('EQ-5D-5L index, Dutch value set (Versteegh 2016): 1 − 0.047 (any problem) − decrements', () => {
  it('the checks of reference-data.md: 11111 → 1, 21111 → 0.918, 55555 → −0.446', () => {
    expect(eq5d5lIndex('11111')).toEqual({ index: 1, valueSet: 'NL-5L-2016' });
    expect(index('21111')).toBeCloseTo(0.918, digits);
    expect(index('55555')).toBeCloseTo(-0.446, digits);
  });

  // The table of reference-data.md, typed again here: the code's table is checked against it, not with itself.
  const decrements: Record<string, [number, number, number, number]> = {
    mobility: [0.035, 0.057, 0.166, 0.203],
    selfCare: [0.038, 0.061, 0.168, 0.168],
    usualActivities: [0.039, 0.087, 0.192, 0.192],
    painDiscomfort: [0.066, 0.092, 0.36, 0.415],
    anxietyDepression: [0.07, 0.145, 0.356, 0.421],
  };
  const cases = eq5d5lDimensions.flatMap((dimension, position) =>
    [2, 3, 4, 5].map((level) => {
      const profile = '11111'.slice(0, position) + String(level) + '11111'.slice(position + 1);
      const expected = 1 - 0.047 - (decrements[dimension]?.[level - 2] ?? Number.NaN);
      return [dimension, level, profile, expected] as const;
    }),
  );
  it.each(cases)('%s at level %d (%s) → 1 − 0.047 − its decrement = %f', (_dimension, _level, profile, expected) => {
    expect(index(profile)).toBeCloseTo(expected, digits);
  });

  it('level 1 of every dimension costs nothing beyond the 0.047 that any problem costs', () => {
    expect(index('12111') - index('22111')).toBeCloseTo(0.035, digits);
    expect(index('11112') - index('11122')).toBeCloseTo(0.066, digits);
  });

  it('additive without interactions: 32451 = 1 − 0.047 − 0.057 − 0.038 − 0.192 − 0.415 − 0', () => {
    expect(index('32451')).toBeCloseTo(1 - 0.047 - 0.057 - 0.038 - 0.192 - 0.415, digits);
  });

  it('the index is unrounded and every index comes with the value-set id', () => {
    // 12 digits, so a value rounded to 2 decimals (0.92) would fail.
    expect(index('21111')).not.toBeCloseTo(0.92, 4);
    expect(eq5d5lIndex('34253').valueSet).toBe('NL-5L-2016');
    // Summed in thousandths: the nearest double to the decimal, so it prints as the table reads.
    expect(JSON.stringify(eq5d5lIndex('21111'))).toBe('{"index":0.918,"valueSet":"NL-5L-2016"}');
  });
});

describe('EQ-5D-5L properties', () => {
  const level = fc.integer({ min: 1, max: 5 });
  const profile = fc.array(level, { minLength: 5, maxLength: 5 });

  it('monotone: a worse level in any dimension never raises the index', () => {
    fc.assert(
      fc.property(profile, fc.nat(4), fc.integer({ min: 1, max: 4 }), (levels, dimension, worse) => {
        const before = levels.join('');
        const after = levels.map((l, i) => (i === dimension ? Math.min(5, l + worse) : l)).join('');
        expect(index(after)).toBeLessThanOrEqual(index(before));
      }),
    );
  });

  it('every one of the 3125 states lies between 55555 (−0.446) and 11111 (1), only 11111 is 1', () => {
    fc.assert(
      fc.property(profile, (levels) => {
        const value = index(levels.join(''));
        expect(value).toBeGreaterThanOrEqual(index('55555'));
        expect(value).toBeLessThanOrEqual(1);
        if (levels.some((l) => l > 1)) expect(value).toBeLessThanOrEqual(1 - 0.047 + 1e-12);
      }),
    );
  });
});

describe('the value set is data', () => {
  const other: Eq5d5lValueSet = {
    id: 'TEST-5L',
    source: 'a made-up value set for this test',
    anyProblem: 0.1,
    decrements: {
      mobility: [0.01, 0.02, 0.03, 0.04],
      selfCare: [0.01, 0.02, 0.03, 0.04],
      usualActivities: [0.01, 0.02, 0.03, 0.04],
      painDiscomfort: [0.01, 0.02, 0.03, 0.04],
      anxietyDepression: [0.1, 0.2, 0.3, 0.4],
    },
  };
  it('another table gives its own index and id', () => {
    expect(eq5d5lIndex('21115', other)).toEqual({
      index: expect.closeTo(1 - 0.1 - 0.01 - 0.4, digits),
      valueSet: 'TEST-5L',
    });
    expect(eq5d5lIndex('11111', other).index).toBe(1);
  });
  it('a table with coefficients of more than 6 decimals is computed in plain floating point', () => {
    const precise = { ...other, anyProblem: 0.0471234567 };
    expect(eq5d5lIndex('21111', precise).index).toBeCloseTo(1 - 0.0471234567 - 0.01, digits);
  });
  it('the Dutch set is the default', () => {
    expect(dutchValueSet2016.id).toBe('NL-5L-2016');
    expect(eq5d5lIndex('55555', dutchValueSet2016)).toEqual(eq5d5lIndex('55555'));
  });
});

describe('EQ-5D-5L input', () => {
  it.each([
    ['6 digits', '211111'],
    ['4 digits', '2111'],
    ['a 0', '01111'],
    ['a 6', '61111'],
    ['letters', 'abcde'],
    ['the empty text', ''],
    ['spaces', ' 21111'],
    ['a line break after it', '21111\n'],
    ['other digits than ASCII', '２１１１１'],
  ])('%s is an input error naming profile', (_what, profile) => {
    expect(() => eq5d5lIndex(profile)).toThrow(InputError);
    expect(() => eq5d5lIndex(profile)).toThrow(
      expect.objectContaining({ field: 'profile', key: 'clinical.eq5d5lProfile' }),
    );
  });

  it('score eq5d5l reads exactly {profile}: a number, a missing profile and other fields are errors', () => {
    expect(scoreEq5d5lInput({ profile: '21111' })).toEqual({
      index: expect.closeTo(0.918, digits),
      valueSet: 'NL-5L-2016',
    });
    expect(() => scoreEq5d5lInput({ profile: 21111 })).toThrow(
      expect.objectContaining({ field: 'profile', key: 'input.wrongType' }),
    );
    expect(() => scoreEq5d5lInput({})).toThrow(expect.objectContaining({ field: 'profile', key: 'input.required' }));
    expect(() => scoreEq5d5lInput(null)).toThrow(expect.objectContaining({ field: 'profile' }));
    expect(() => scoreEq5d5lInput({ profile: '21111', vas: 80 })).toThrow(
      expect.objectContaining({ field: 'vas', key: 'input.unknownField' }),
    );
  });
});

describe('EQ-5D-5L from the five answers (the eCRF)', () => {
  const answers = { mobility: 2, selfCare: 1, usualActivities: 1, painDiscomfort: 1, anxietyDepression: 1 };
  it('five answers give the profile and the index', () => {
    expect(eq5d5lIndexOfAnswers(answers)).toEqual({
      index: expect.closeTo(0.918, digits),
      valueSet: 'NL-5L-2016',
      profile: '21111',
      missing: [],
    });
  });
  it('an unanswered dimension gives no index and is named, never counted as level 1', () => {
    expect(eq5d5lIndexOfAnswers({ ...answers, selfCare: null, anxietyDepression: undefined })).toEqual({
      index: null,
      valueSet: 'NL-5L-2016',
      profile: null,
      missing: ['selfCare', 'anxietyDepression'],
    });
    expect(eq5d5lIndexOfAnswers({}).missing).toEqual([...eq5d5lDimensions]);
  });
  it('a level outside 1–5 is an input error naming the dimension', () => {
    expect(() => eq5d5lIndexOfAnswers({ ...answers, painDiscomfort: 6 })).toThrow(
      expect.objectContaining({ field: 'painDiscomfort' }),
    );
    expect(() => eq5d5lIndexOfAnswers({ ...answers, mobility: 1.5 })).toThrow(
      expect.objectContaining({ field: 'mobility' }),
    );
  });
});
