import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EligibilityCriteria } from '../protocol/eligibility.ts';
import { eligibilityCriteria } from '../protocol/nct07273344/eligibility.ts';
import { assessEligibility } from './eligibility.ts';
import { InputError } from '../core/errors.ts';

/** Meets every inclusion criterion and no exclusion, with every value known. */
const patient = {
  ageYears: 67,
  infection: 'suspected',
  admissionType: 'new',
  sofa2Total: 6,
  baselineSofa2: 0,
  neutropenia: false,
  cd4Below400: false,
  primaryImmunodeficiency: false,
  biologics: false,
  solidOrganTransplant: false,
  allogeneicBmt: false,
  weightKg: 80,
  corticosteroids: [],
};
const assess = (changes: Record<string, unknown> = {}) =>
  assessEligibility({ ...patient, ...changes }, eligibilityCriteria);
const steroid = (drug: string, dailyDoseMg: number | null, days: number | null) => ({ drug, dailyDoseMg, days });

describe('NCT07273344 eligibility: inclusion', () => {
  it('a patient meeting everything is eligible', () => {
    const result = assess();
    expect(result).toMatchObject({ eligible: true, inclusionFailed: [], exclusionsMet: [] });
    expect(result.notes.at(-1)).toBe('NCT07273344: eligible');
  });
  it('age 17 fails, 18 is enough', () => {
    expect(assess({ ageYears: 17 })).toMatchObject({ eligible: false, inclusionFailed: ['age'] });
    expect(assess({ ageYears: 18 }).eligible).toBe(true);
  });
  it('infection "none" fails; suspected and documented are enough', () => {
    expect(assess({ infection: 'none' })).toMatchObject({ eligible: false, inclusionFailed: ['infection'] });
    expect(assess({ infection: 'documented' }).eligible).toBe(true);
  });
  it('new admission: total SOFA-2 1 fails, 2 is enough', () => {
    expect(assess({ sofa2Total: 1 })).toMatchObject({ eligible: false, inclusionFailed: ['sofa2'] });
    expect(assess({ sofa2Total: 2 }).eligible).toBe(true);
  });
  it('hospitalized: an increase of 1 over the baseline fails, 2 is enough', () => {
    const hospitalized = { admissionType: 'hospitalized', baselineSofa2: 3 };
    expect(assess({ ...hospitalized, sofa2Total: 4 })).toMatchObject({ eligible: false, inclusionFailed: ['sofa2'] });
    expect(assess({ ...hospitalized, sofa2Total: 5 }).eligible).toBe(true);
  });
  it('hospitalized without a baseline: 0 assumed, and said so', () => {
    const result = assess({ admissionType: 'hospitalized', baselineSofa2: null, sofa2Total: 2 });
    expect(result.eligible).toBe(true);
    expect(result.notes).toContain(
      'hospitalized: SOFA-2 increase 2 − 0 = 2 ≥ 2 (baselineSofa2 not given: 0 assumed): met',
    );
  });
  it('a new admission is judged on its total; a baseline given is not used, and said so', () => {
    const result = assess({ admissionType: 'new', baselineSofa2: 3, sofa2Total: 4 });
    expect(result.eligible).toBe(true);
    expect(result.notes).toContain('baselineSofa2 is not used for a new admission');
  });
});

describe('NCT07273344 eligibility: exclusions', () => {
  const flagCodes = {
    neutropenia: 'neutropenia',
    cd4Below400: 'cd4',
    primaryImmunodeficiency: 'primaryImmunodeficiency',
    biologics: 'biologics',
    solidOrganTransplant: 'solidOrganTransplant',
    allogeneicBmt: 'allogeneicBmt',
  };
  it.each(Object.entries(flagCodes))('%s: true → excluded as %s', (field, code) => {
    expect(assess({ [field]: true })).toMatchObject({ eligible: false, inclusionFailed: [], exclusionsMet: [code] });
  });
  it('the example of the issue: prednisolone 40 mg/day for 20 days at 80 kg = 0.5 mg/kg/day → excluded', () => {
    const result = assess({ corticosteroids: [steroid('prednisolone', 40, 20)] });
    expect(result).toMatchObject({ eligible: false, exclusionsMet: ['corticosteroids'] });
    expect(result.notes).toContain('prednisolone 40 mg/day for 20 days = 40 mg prednisone-eq/day');
    expect(result.notes).toContain('40 mg prednisone-eq/day ÷ 80 kg = 0.5 mg/kg/day ≥ 0.4 → excluded');
  });
  it('only drugs taken more than 15 days count: 0.5 mg/kg/day for 15 days is not counted, 16 days excludes', () => {
    expect(assess({ corticosteroids: [steroid('prednisone', 40, 15)] }).eligible).toBe(true);
    expect(assess({ corticosteroids: [steroid('prednisone', 40, 16)] }).exclusionsMet).toEqual(['corticosteroids']);
  });
  it('0.39 mg/kg/day is below the threshold, 0.40 excludes (100 kg, prednisone 39 / 40 mg)', () => {
    expect(assess({ weightKg: 100, corticosteroids: [steroid('prednisone', 39, 30)] }).eligible).toBe(true);
    const result = assess({ weightKg: 100, corticosteroids: [steroid('prednisone', 40, 30)] });
    expect(result.exclusionsMet).toEqual(['corticosteroids']);
  });
  it.each([
    ['prednisone', 40, 100],
    ['prednisolone', 40, 100],
    ['methylprednisolone', 32, 100], // 32 × 1.25 = 40
    ['hydrocortisone', 160, 100], // 160 × 0.25 = 40
    ['dexamethasone', 4, 66.7], // 4 × 6.67 = 26.68; / 66.7 = 0.4 (0.39999999999999997 in floating point)
    ['betamethasone', 3, 62.475], // 3 × 8.33 = 24.99; / 62.475 = 0.4
    ['cortisone', 200, 100], // 200 × 0.2 = 40
  ])(
    '%s %d mg/day at %d kg is exactly 0.4 mg/kg/day prednisone-eq → excluded; 1 % less is not',
    (drug, dose, weightKg) => {
      expect(assess({ weightKg, corticosteroids: [steroid(drug, dose, 20)] }).exclusionsMet).toEqual([
        'corticosteroids',
      ]);
      expect(assess({ weightKg, corticosteroids: [steroid(drug, dose * 0.99, 20)] }).eligible).toBe(true);
    },
  );
  it('sums the drugs taken more than 15 days: 20 prednisone + 40 hydrocortisone (10) = 30 mg at 75 kg = 0.4', () => {
    const course = [steroid('prednisone', 20, 30), steroid('Hydrocortisone', 40, 20), steroid('dexamethasone', 8, 5)];
    const result = assess({ weightKg: 75, corticosteroids: course });
    expect(result.exclusionsMet).toEqual(['corticosteroids']);
    expect(result.notes).toContain('dexamethasone 8 mg/day for 5 days: not counted (not more than 15 days)');
    expect(result.notes).toContain('30 mg prednisone-eq/day ÷ 75 kg = 0.4 mg/kg/day ≥ 0.4 → excluded');
    expect(assess({ weightKg: 75, corticosteroids: [course[0], course[2]] }).eligible).toBe(true);
  });
  it('lists every exclusion met, in protocol order, alongside failed inclusions', () => {
    const changes = {
      ageYears: 16,
      biologics: true,
      cd4Below400: true,
      corticosteroids: [steroid('prednisone', 60, 90)],
    };
    expect(assess(changes)).toMatchObject({
      eligible: false,
      inclusionFailed: ['age'],
      exclusionsMet: ['cd4', 'corticosteroids', 'biologics'],
    });
  });
});

describe('NCT07273344 eligibility: a missing value is not "eligible"', () => {
  it.each([
    ['ageYears', 'ageYears missing: needed to assess the age criterion'],
    ['infection', 'infection missing: needed to assess the infection criterion'],
    ['sofa2Total', 'sofa2Total missing: needed to assess the SOFA-2 criterion'],
    ['neutropenia', 'neutropenia missing: needed to assess exclusion neutropenia'],
    ['cd4Below400', 'cd4Below400 missing: needed to assess exclusion cd4'],
    ['primaryImmunodeficiency', 'primaryImmunodeficiency missing: needed to assess exclusion primaryImmunodeficiency'],
    ['biologics', 'biologics missing: needed to assess exclusion biologics'],
    ['solidOrganTransplant', 'solidOrganTransplant missing: needed to assess exclusion solidOrganTransplant'],
    ['allogeneicBmt', 'allogeneicBmt missing: needed to assess exclusion allogeneicBmt'],
    [
      'corticosteroids',
      'corticosteroids missing: needed to assess the corticosteroid dose (give [] when none are taken)',
    ],
  ])('%s missing → not eligible, nothing failed, a note names it', (field, note) => {
    for (const value of [null, undefined]) {
      const result = assess({ [field]: value });
      expect(result).toMatchObject({ eligible: false, inclusionFailed: [], exclusionsMet: [] });
      expect(result.notes.some((n) => n.startsWith(note))).toBe(true);
    }
  });
  it('weightKg missing with a counted corticosteroid → undecided, "weightKg missing" noted', () => {
    const result = assess({ weightKg: null, corticosteroids: [steroid('prednisone', 5, 30)] });
    expect(result).toMatchObject({ eligible: false, exclusionsMet: [] });
    expect(result.notes).toContain('weightKg missing: needed to assess the corticosteroid dose');
  });
  it('weightKg is not needed when no corticosteroid counts', () => {
    expect(assess({ weightKg: null }).eligible).toBe(true);
    expect(assess({ weightKg: null, corticosteroids: [steroid('prednisone', 50, 10)] }).eligible).toBe(true);
  });
  it('a missing duration or dose matters only when it could reach the threshold', () => {
    const unknownDays = assess({ corticosteroids: [steroid('prednisone', 40, null)] });
    expect(unknownDays).toMatchObject({ eligible: false, exclusionsMet: [] });
    expect(unknownDays.notes).toContain('corticosteroids.0.days missing: needed to assess the corticosteroid dose');
    expect(assess({ corticosteroids: [steroid('prednisone', 10, null)] }).eligible).toBe(true); // ≤ 0.125 either way
    const unknownDose = assess({ corticosteroids: [steroid('prednisone', 5, 30), steroid('prednisone', null, 20)] });
    expect(unknownDose.notes).toContain(
      'corticosteroids.1.dailyDoseMg missing: needed to assess the corticosteroid dose',
    );
    expect(assess({ corticosteroids: [steroid('prednisone', null, 3)] }).eligible).toBe(true);
    const alreadyOver = [steroid('prednisone', 40, 30), steroid('prednisone', null, null)];
    expect(assess({ corticosteroids: alreadyOver }).exclusionsMet).toEqual(['corticosteroids']);
  });
  it('admissionType missing matters only when the two SOFA-2 rules disagree', () => {
    expect(assess({ admissionType: null, baselineSofa2: null, sofa2Total: 6 }).eligible).toBe(true);
    const result = assess({ admissionType: null, baselineSofa2: 2, sofa2Total: 3 });
    expect(result).toMatchObject({ eligible: false, inclusionFailed: [] });
    expect(result.notes.some((n) => n.startsWith('admissionType missing: needed to assess the SOFA-2 criterion'))).toBe(
      true,
    );
  });
  it('missing values are reported even when another criterion already fails', () => {
    const result = assess({ ageYears: 17, biologics: undefined });
    expect(result).toMatchObject({ eligible: false, inclusionFailed: ['age'], exclusionsMet: [] });
    expect(result.notes.at(-1)).toBe(
      'NCT07273344: not eligible (inclusion not met: age; undecided for missing values: biologics)',
    );
  });
});

describe('eligibility input errors', () => {
  it('an unknown drug is an input error naming corticosteroids.N.drug; letter case does not matter', () => {
    const call = () => assess({ corticosteroids: [steroid('PredniSONE', 5, 3), steroid('fludrocortisone', 0.1, 90)] });
    expect(call).toThrow(InputError);
    expect(call).toThrow(expect.objectContaining({ field: 'corticosteroids.1.drug' }));
    expect(() => assess({ corticosteroids: [steroid('constructor', 5, 30)] })).toThrow(/unknown corticosteroid/);
  });
  it('rejects unknown fields and impossible values, naming the field', () => {
    expect(() => assess({ weight: 80 })).toThrow(expect.objectContaining({ field: 'weight' }));
    expect(() => assess({ ageYears: -1 })).toThrow(expect.objectContaining({ field: 'ageYears' }));
    expect(() => assess({ corticosteroids: [steroid('prednisone', -5, 30)] })).toThrow(
      expect.objectContaining({ field: 'corticosteroids.0.dailyDoseMg' }),
    );
  });
});

describe('the engine applies the criteria it is given', () => {
  const other: EligibilityCriteria = {
    protocol: 'OTHER-1',
    age: { minYears: 16 },
    infection: { accepted: ['documented'] },
    sofa2: { newAdmissionMinTotal: 3, hospitalizedMinIncrease: 3, defaultBaseline: 1 },
    exclusions: [
      { kind: 'flag', code: 'neutropenia', field: 'neutropenia', description: 'neutropenia' },
      {
        kind: 'corticosteroids',
        code: 'steroids',
        thresholdMgKgDay: 0.5,
        moreThanDays: 7,
        prednisoneEquivalents: { prednisone: 1, deflazacort: 0.83 },
      },
    ],
  };
  const both = (changes: Record<string, unknown>) => [
    assess(changes),
    assessEligibility({ ...patient, ...changes }, other),
  ];

  it('age, infection and SOFA-2 thresholds come from the criteria', () => {
    expect(both({ ageYears: 16, infection: 'documented' }).map((r) => r.eligible)).toEqual([false, true]);
    expect(both({ infection: 'suspected' }).map((r) => r.inclusionFailed)).toEqual([[], ['infection']]);
    expect(both({ infection: 'documented', sofa2Total: 2 }).map((r) => r.eligible)).toEqual([true, false]);
    const hospitalized = { infection: 'documented', admissionType: 'hospitalized', baselineSofa2: null, sofa2Total: 3 };
    expect(both(hospitalized).map((r) => r.eligible)).toEqual([true, false]); // increase 3 − 0 vs 3 − 1
  });
  it('the exclusion list, codes, threshold, duration and drug table come from the criteria', () => {
    const base = { infection: 'documented' };
    expect(both({ ...base, biologics: true }).map((r) => r.eligible)).toEqual([false, true]);
    expect(both({ ...base, biologics: null }).map((r) => r.eligible)).toEqual([false, true]);
    const tenDays = { ...base, corticosteroids: [steroid('prednisone', 40, 10)] }; // 0.5 mg/kg/day
    expect(both(tenDays).map((r) => r.exclusionsMet)).toEqual([[], ['steroids']]);
    const justBelow = { ...base, corticosteroids: [steroid('prednisone', 36, 30)] }; // 0.45 mg/kg/day
    expect(both(justBelow).map((r) => r.exclusionsMet)).toEqual([['corticosteroids'], []]);
    expect(() => assessEligibility({ ...patient, corticosteroids: [steroid('prednisolone', 5, 1)] }, other)).toThrow(
      expect.objectContaining({ field: 'corticosteroids.0.drug' }),
    );
    expect(assessEligibility({ ...patient, ...base }, other).notes.at(-1)).toBe('OTHER-1: eligible');
  });
});

describe('eligibility properties', () => {
  it('eligible exactly when nothing failed, nothing excluded and no needed value is missing', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
    const arb = fc.record({
      ageYears: maybe(fc.integer({ min: 0, max: 110 })),
      infection: maybe(fc.constantFrom('suspected', 'documented', 'none')),
      admissionType: maybe(fc.constantFrom('new', 'hospitalized')),
      sofa2Total: maybe(fc.integer({ min: 0, max: 24 })),
      baselineSofa2: maybe(fc.integer({ min: 0, max: 24 })),
      biologics: maybe(fc.boolean()),
      weightKg: maybe(fc.double({ min: 30, max: 200, noNaN: true })),
      corticosteroids: maybe(
        fc.array(
          fc.record({
            drug: fc.constantFrom('prednisone', 'dexamethasone'),
            dailyDoseMg: maybe(fc.nat(80)),
            days: maybe(fc.nat(40)),
          }),
          { maxLength: 3 },
        ),
      ),
    });
    fc.assert(
      fc.property(arb, (changes) => {
        const result = assess(changes);
        const missing = result.notes.some((n) => / missing: needed to assess /.test(n));
        expect(result.eligible).toBe(
          result.inclusionFailed.length === 0 && result.exclusionsMet.length === 0 && !missing,
        );
        // More corticosteroid never lifts a corticosteroid exclusion.
        if (result.exclusionsMet.includes('corticosteroids')) {
          const more = [...(changes.corticosteroids ?? []), steroid('prednisone', 5, 30)];
          expect(assess({ ...changes, corticosteroids: more }).exclusionsMet).toContain('corticosteroids');
        }
      }),
    );
  });
});
