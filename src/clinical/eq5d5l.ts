import { z } from 'zod';
import { keyed } from '../core/schemas.ts';
import { parseInput } from '../core/zod-input.ts';
import { clinicalMessages } from './messages.ts';

/**
 * EQ-5D-5L utility index from a health state: five dimensions, each answered at level 1 (no problems) to 5
 * (extreme problems / unable to). The profile writes the levels as five digits in the questionnaire's order,
 * MO SC UA PD AD: "21111" is slight problems walking and none otherwise.
 */
export const eq5d5lDimensions = [
  'mobility',
  'selfCare',
  'usualActivities',
  'painDiscomfort',
  'anxietyDepression',
] as const;
export type Eq5d5lDimension = (typeof eq5d5lDimensions)[number];

/**
 * A value set of an additive model without interaction terms, as data:
 * `index = 1 − anyProblem (every state but 11111) − Σ decrement(dimension, level)`, level 1 = 0.
 */
export interface Eq5d5lValueSet {
  /** Stored with every index, so that an index is never read against another value set. */
  id: string;
  source: string;
  /** The constant subtracted once for any state other than 11111. */
  anyProblem: number;
  /** Per dimension, the decrements of levels 2, 3, 4 and 5. */
  decrements: Readonly<Record<Eq5d5lDimension, readonly [number, number, number, number]>>;
}

/** The Dutch value set (Versteegh et al., Value Health 2016;19:343–352), per shared/docs/reference-data.md. */
export const dutchValueSet2016: Eq5d5lValueSet = {
  id: 'NL-5L-2016',
  source: 'Versteegh MM et al. Dutch tariff for the five-level version of EQ-5D. Value Health 2016;19:343–352',
  anyProblem: 0.047,
  decrements: {
    mobility: [0.035, 0.057, 0.166, 0.203],
    selfCare: [0.038, 0.061, 0.168, 0.168],
    usualActivities: [0.039, 0.087, 0.192, 0.192],
    painDiscomfort: [0.066, 0.092, 0.36, 0.415],
    anxietyDepression: [0.07, 0.145, 0.356, 0.421],
  },
};

export interface Eq5d5lIndex {
  /** Unrounded (see `indexOf` on floating point). */
  index: number;
  valueSet: string;
}

const profilePattern = /^[1-5]{5}$/;
export const eq5d5lProfile = z
  .string()
  .refine((profile) => profilePattern.test(profile), keyed(clinicalMessages.eq5d5lProfile()));

/** The command line's input: exactly `{"profile": "21111"}`. */
export const eq5d5lInput = z.strictObject({ profile: eq5d5lProfile });

/** The index of a profile such as "21111"; anything but five digits 1–5 is an input error naming `profile`. */
export function eq5d5lIndex(profile: string, valueSet: Eq5d5lValueSet = dutchValueSet2016): Eq5d5lIndex {
  return indexOfProfile(parseInput(eq5d5lInput, { profile }).profile, valueSet);
}

/** `score eq5d5l`: `{profile}` in, `{index, valueSet}` out, with the Dutch value set. */
export function scoreEq5d5lInput(raw: unknown): Eq5d5lIndex {
  return indexOfProfile(parseInput(eq5d5lInput, raw ?? {}).profile, dutchValueSet2016);
}

function indexOfProfile(profile: string, valueSet: Eq5d5lValueSet): Eq5d5lIndex {
  return { index: indexOf([...profile].map(Number), valueSet), valueSet: valueSet.id };
}

const levelAnswer = z.number().int().min(1).max(5).nullish();
export const eq5d5lAnswers = z.strictObject({
  mobility: levelAnswer,
  selfCare: levelAnswer,
  usualActivities: levelAnswer,
  painDiscomfort: levelAnswer,
  anxietyDepression: levelAnswer,
});
export type Eq5d5lAnswers = z.input<typeof eq5d5lAnswers>;

export interface Eq5d5lAnswersResult {
  /** null while any dimension is unanswered: an index is never computed from part of a state. */
  index: number | null;
  valueSet: string;
  /** The five digits, or null with `missing`. */
  profile: string | null;
  missing: Eq5d5lDimension[];
}

/**
 * The index from the questionnaire's five answers (the eCRF's items, one per dimension): an absent or null
 * answer gives index null and names the dimension in `missing`. An answer outside 1–5 is an input error.
 */
export function eq5d5lIndexOfAnswers(raw: unknown, valueSet: Eq5d5lValueSet = dutchValueSet2016): Eq5d5lAnswersResult {
  const answers = parseInput(eq5d5lAnswers, raw ?? {});
  const missing = eq5d5lDimensions.filter((dimension) => answers[dimension] == null);
  if (missing.length > 0) return { index: null, valueSet: valueSet.id, profile: null, missing };
  const levels = eq5d5lDimensions.map((dimension) => answers[dimension] ?? 1);
  return { index: indexOf(levels, valueSet), valueSet: valueSet.id, profile: levels.join(''), missing };
}

/**
 * The model, for five valid levels. The published coefficients are decimal fractions (0.047, 0.035 …) that a
 * binary double cannot hold exactly, so subtracting them one by one gives 0.9179999999999999 for 21111. When
 * every coefficient has at most `maxDecimals` decimals (3 for the Dutch set) the sum is taken in whole units
 * of that decimal (thousandths) and divided once: the result is the double nearest to the exact decimal index
 * (0.918), still unrounded. A value set with longer coefficients falls back to plain double arithmetic.
 */
function indexOf(levels: readonly number[], valueSet: Eq5d5lValueSet): number {
  if (levels.every((level) => level === 1)) return 1;
  const decrements = eq5d5lDimensions.map((dimension, i) => {
    const level = levels[i] ?? Number.NaN;
    return level === 1 ? 0 : (valueSet.decrements[dimension][level - 2] ?? Number.NaN);
  });
  const terms = [valueSet.anyProblem, ...decrements];
  const scale = decimalScale(terms);
  if (scale === undefined) return terms.reduce((index, term) => index - term, 1);
  return terms.reduce((units, term) => units - Math.round(term * scale), scale) / scale;
}

const maxDecimals = 6;

/** The smallest 10^d (d ≤ maxDecimals) that makes every value a whole number, or undefined. */
function decimalScale(values: readonly number[]): number | undefined {
  for (let scale = 1; scale <= 10 ** maxDecimals; scale *= 10) {
    if (values.every((value) => Math.abs(value * scale - Math.round(value * scale)) < 1e-9)) return scale;
  }
  return undefined;
}
