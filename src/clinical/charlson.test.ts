import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { charlsonConditions, charlsonIndex, type CharlsonCondition } from './charlson.ts';

/** The weights of Charlson 1987 (Table 4), typed again here so that the code's table is checked against them. */
const weights: Record<CharlsonCondition, number> = {
  myocardialInfarction: 1,
  congestiveHeartFailure: 1,
  peripheralVascularDisease: 1,
  cerebrovascularDisease: 1,
  dementia: 1,
  chronicPulmonaryDisease: 1,
  connectiveTissueDisease: 1,
  ulcerDisease: 1,
  mildLiverDisease: 1,
  diabetes: 1,
  hemiplegia: 2,
  moderateSevereRenalDisease: 2,
  diabetesWithEndOrganDamage: 2,
  anyTumor: 2,
  leukemia: 2,
  lymphoma: 2,
  moderateSevereLiverDisease: 3,
  metastaticSolidTumor: 6,
  aids: 6,
};
const codes = Object.keys(weights) as CharlsonCondition[];
/** Every condition answered "no". */
const none = Object.fromEntries(codes.map((code) => [code, false])) as Record<CharlsonCondition, boolean | null>;
const score = (changes: Partial<Record<CharlsonCondition | 'ageYears', boolean | number | null>> = {}) =>
  charlsonIndex({ ...none, ...changes });

describe('Charlson comorbidity index (Charlson 1987): the sum of the weights of the conditions present', () => {
  it('has the 19 conditions of the paper, with weights 1, 2, 3 and 6', () => {
    expect(charlsonConditions.map((c) => [c.code, c.weight])).toEqual(Object.entries(weights));
  });
  it('no condition → 0', () => {
    expect(score()).toMatchObject({ index: 0, counted: [], missing: [], agePoints: null, ageComorbidityScore: null });
  });
  it.each(Object.entries(weights))('%s alone → %d', (code, weight) => {
    expect(score({ [code]: true })).toMatchObject({ index: weight, counted: [{ condition: code, points: weight }] });
  });
  it('conditions add up: MI 1 + CHF 1 + COPD 1 + hemiplegia 2 + leukaemia 2 + AIDS 6 = 13', () => {
    const result = score({
      myocardialInfarction: true,
      congestiveHeartFailure: true,
      chronicPulmonaryDisease: true,
      hemiplegia: true,
      leukemia: true,
      aids: true,
    });
    expect(result.index).toBe(13);
    expect(result.notes.at(-1)).toBe('Charlson index 13');
  });
  it('every condition present → 33: the weights sum to 37, less the three milder forms (1 + 1 + 2)', () => {
    const all = Object.fromEntries(codes.map((code) => [code, true]));
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBe(37);
    expect(charlsonIndex(all).index).toBe(33);
  });
});

describe('a condition and its more severe form count once', () => {
  it.each([
    ['mildLiverDisease', 1, 'moderateSevereLiverDisease', 3],
    ['diabetes', 1, 'diabetesWithEndOrganDamage', 2],
    ['anyTumor', 2, 'metastaticSolidTumor', 6],
  ] as const)('%s (%d) with %s (%d) counts the severe form only', (milder, milderWeight, severe, severeWeight) => {
    expect(score({ [milder]: true }).index).toBe(milderWeight);
    expect(score({ [severe]: true }).index).toBe(severeWeight);
    const both = score({ [milder]: true, [severe]: true });
    expect(both).toMatchObject({ index: severeWeight, counted: [{ condition: severe, points: severeWeight }] });
    expect(both.notes).toContain(`${milder} not counted: included in ${severe}`);
  });
  it('leukaemia and lymphoma are diseases of their own: they count beside a metastatic solid tumour', () => {
    expect(score({ metastaticSolidTumor: true, leukemia: true, lymphoma: true }).index).toBe(6 + 2 + 2);
  });
});

describe('a missing answer is not "no"', () => {
  it('an unanswered condition (null or absent) makes the index null and is named', () => {
    const result = score({ dementia: null, myocardialInfarction: true });
    expect(result).toMatchObject({
      index: null,
      missing: ['dementia'],
      counted: [{ condition: 'myocardialInfarction' }],
    });
    expect(result.notes).toContain('Charlson index not known: dementia not answered (1 point so far)');
    const { aids: _aids, ...withoutAids } = none;
    expect(charlsonIndex(withoutAids)).toMatchObject({ index: null, missing: ['aids'] });
  });
  it('nothing answered: every condition is missing', () => {
    expect(charlsonIndex({}).missing).toEqual(codes);
    expect(charlsonIndex(null).index).toBeNull();
  });
  it('the milder form need not be answered when the severe form is present', () => {
    expect(score({ moderateSevereLiverDisease: true, mildLiverDisease: null })).toMatchObject({
      index: 3,
      missing: [],
    });
    expect(score({ diabetesWithEndOrganDamage: true, diabetes: null }).index).toBe(2);
    expect(score({ metastaticSolidTumor: true, anyTumor: null }).index).toBe(6);
  });
  it('but it must be when the severe form is absent, and the severe form must be answered', () => {
    expect(score({ moderateSevereLiverDisease: false, mildLiverDisease: null }).missing).toEqual(['mildLiverDisease']);
    expect(score({ moderateSevereLiverDisease: null, mildLiverDisease: true }).missing).toEqual([
      'moderateSevereLiverDisease',
    ]);
  });
});

describe('age points and the combined age-comorbidity score', () => {
  it.each([
    [18, 0],
    [49, 0],
    [50, 1],
    [59, 1],
    [60, 2],
    [69, 2],
    [70, 3],
    [79, 3],
    [80, 4],
    [101, 4],
  ])('age %d → %d points', (ageYears, points) => {
    expect(score({ ageYears }).agePoints).toBe(points);
  });
  it('are returned beside the index, which they do not change', () => {
    expect(score({ ageYears: 72, diabetes: true })).toMatchObject({ index: 1, agePoints: 3, ageComorbidityScore: 4 });
  });
  it('without age, or with the index unknown, the combined score is null', () => {
    expect(score({ diabetes: true })).toMatchObject({ index: 1, agePoints: null, ageComorbidityScore: null });
    expect(score({ ageYears: 72, diabetes: null })).toMatchObject({
      index: null,
      agePoints: 3,
      ageComorbidityScore: null,
    });
  });
});

describe('Charlson properties and input', () => {
  const answers = fc.record(
    Object.fromEntries(codes.map((code) => [code, fc.boolean()])) as Record<CharlsonCondition, fc.Arbitrary<boolean>>,
  );
  it('answering one more condition "yes" never lowers the index; it stays between 0 and 33', () => {
    fc.assert(
      fc.property(answers, fc.constantFrom(...codes), (given, extra) => {
        const before = charlsonIndex(given).index ?? Number.NaN;
        const after = charlsonIndex({ ...given, [extra]: true }).index ?? Number.NaN;
        expect(after).toBeGreaterThanOrEqual(before);
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThanOrEqual(33);
      }),
    );
  });
  it('the index is the sum of what is counted', () => {
    fc.assert(
      fc.property(answers, (given) => {
        const result = charlsonIndex(given);
        expect(result.index).toBe(result.counted.reduce((sum, c) => sum + c.points, 0));
      }),
    );
  });
  it('rejects a misspelt condition, a non-boolean answer and an impossible age, naming the field', () => {
    expect(() => score({ myocardialInfarct: true } as never)).toThrow(
      expect.objectContaining({ field: 'myocardialInfarct' }),
    );
    expect(() => charlsonIndex({ ...none, dementia: 'yes' })).toThrow(InputError);
    expect(() => charlsonIndex({ ...none, dementia: 1 })).toThrow(expect.objectContaining({ field: 'dementia' }));
    expect(() => score({ ageYears: 72.5 })).toThrow(expect.objectContaining({ field: 'ageYears' }));
    expect(() => score({ ageYears: -1 })).toThrow(expect.objectContaining({ field: 'ageYears' }));
  });
});
