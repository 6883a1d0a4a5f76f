import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { prednisoneEquivalents } from '../protocol/nct07273344/corticosteroids.ts';
import { eligibilityCriteria } from '../protocol/nct07273344/eligibility.ts';
import { prednisoneEquivalentDose, type PrednisoneEquivalents } from './steroids.ts';

const dose = (
  corticosteroids: unknown,
  weightKg?: number | null,
  table: PrednisoneEquivalents = prednisoneEquivalents,
) => prednisoneEquivalentDose({ corticosteroids, weightKg }, table);
const entry = (drug: string | null, dailyDoseMg: number | null) => ({ drug, dailyDoseMg });

describe('the protocol equivalence table (study-protocol.md)', () => {
  it('is prednisone 1, prednisolone 1, methylprednisolone 1.25, hydrocortisone 0.25, dexamethasone 6.67, betamethasone 8.33, cortisone 0.2', () => {
    expect(prednisoneEquivalents).toEqual({
      prednisone: 1,
      prednisolone: 1,
      methylprednisolone: 1.25,
      hydrocortisone: 0.25,
      dexamethasone: 6.67,
      betamethasone: 8.33,
      cortisone: 0.2,
    });
  });
  it('is the same table the eligibility exclusion uses, not a copy', () => {
    const rule = eligibilityCriteria.exclusions.find((e) => e.kind === 'corticosteroids');
    expect(rule?.prednisoneEquivalents).toBe(prednisoneEquivalents);
  });
});

describe('prednisone-equivalent daily dose: Σ dose × equivalence, per kg when the weight is known', () => {
  it.each([
    ['prednisone', 10, 10],
    ['prednisolone', 10, 10],
    ['methylprednisolone', 16, 20],
    ['hydrocortisone', 200, 50],
    ['dexamethasone', 6, 40.02],
    ['betamethasone', 3, 24.99],
    ['cortisone', 25, 5],
  ])('%s %d mg/day = %d mg prednisone-eq/day', (drug, mg, expected) => {
    const result = dose([entry(drug, mg)], 80);
    expect(result.mgPerDay).toBe(expected);
    expect(result.mgPerKgPerDay).toBe(Number((expected / 80).toFixed(9)));
    expect(result.entries).toEqual([
      {
        drug,
        dailyDoseMg: mg,
        equivalence: prednisoneEquivalents[drug as keyof typeof prednisoneEquivalents],
        prednisoneMgPerDay: expected,
      },
    ]);
    expect(result.missing).toEqual([]);
  });
  it('sums the drugs: hydrocortisone 200 (50) + dexamethasone 4 (26.68) = 76.68 mg/day, ÷ 70 kg', () => {
    const result = dose([entry('hydrocortisone', 200), entry('Dexamethasone', 4)], 70);
    expect(result.mgPerDay).toBe(76.68);
    expect(result.mgPerKgPerDay).toBe(1.095428571);
    expect(result.entries.map((e) => e.drug)).toEqual(['hydrocortisone', 'dexamethasone']);
  });
  it('floating-point noise is removed (3 × 8.33 is 24.990000000000002 in binary), to a billionth of a mg', () => {
    expect(dose([entry('betamethasone', 3)]).mgPerDay).toBe(24.99);
    expect(dose([entry('dexamethasone', 4)], 66.7).mgPerKgPerDay).toBe(0.4);
  });
  it('none taken ([]) is 0 mg and 0 mg/kg, with or without a weight', () => {
    expect(dose([], 80)).toEqual({ mgPerDay: 0, mgPerKgPerDay: 0, entries: [], missing: [] });
    expect(dose([])).toEqual({ mgPerDay: 0, mgPerKgPerDay: 0, entries: [], missing: [] });
  });
  it('the same drug twice is summed (a split dose)', () => {
    expect(dose([entry('prednisolone', 20), entry('prednisolone', 10)], 60).mgPerKgPerDay).toBe(0.5);
  });
});

describe('a missing value is not a silent 0', () => {
  it('no weight: the daily dose, no dose per kg, weightKg named', () => {
    expect(dose([entry('prednisone', 30)])).toMatchObject({ mgPerDay: 30, mgPerKgPerDay: null, missing: ['weightKg'] });
    expect(dose([entry('prednisone', 30)], null).missing).toEqual(['weightKg']);
  });
  it('a missing dose or drug: no total, the field named; the other entries are still converted', () => {
    const result = dose([entry('prednisone', 30), entry('dexamethasone', null), entry(null, 5)], 80);
    expect(result).toMatchObject({
      mgPerDay: null,
      mgPerKgPerDay: null,
      missing: ['corticosteroids.1.dailyDoseMg', 'corticosteroids.2.drug'],
    });
    expect(result.entries.map((e) => e.prednisoneMgPerDay)).toEqual([30, null, null]);
    expect(result.entries[1]?.equivalence).toBe(6.67);
  });
  it('the list not asked (absent or null) is not "none"', () => {
    expect(dose(null, 80)).toEqual({ mgPerDay: null, mgPerKgPerDay: null, entries: [], missing: ['corticosteroids'] });
    expect(prednisoneEquivalentDose({}, prednisoneEquivalents).missing).toEqual(['corticosteroids', 'weightKg']);
  });
});

describe('steroid input errors', () => {
  it('an unknown drug names corticosteroids.N.drug and lists the known drugs; letter case and spaces do not matter', () => {
    const call = () => dose([entry(' PredniSONE ', 5), entry('fludrocortisone', 0.1)], 70);
    expect(call).toThrow(InputError);
    expect(call).toThrow(
      expect.objectContaining({
        field: 'corticosteroids.1.drug',
        key: 'clinical.unknownCorticosteroid',
        params: { drug: 'fludrocortisone', drugs: Object.keys(prednisoneEquivalents).join(', ') },
      }),
    );
    expect(() => dose([entry('constructor', 5)])).toThrow(expect.objectContaining({ field: 'corticosteroids.0.drug' }));
  });
  it('impossible values and unknown fields name the field', () => {
    expect(() => dose([entry('prednisone', -5)])).toThrow(
      expect.objectContaining({ field: 'corticosteroids.0.dailyDoseMg' }),
    );
    expect(() => dose([entry('prednisone', 5)], 0)).toThrow(expect.objectContaining({ field: 'weightKg' }));
    expect(() => dose([{ drug: 'prednisone', dailyDoseMg: 5, route: 'iv' }])).toThrow(
      expect.objectContaining({ field: 'corticosteroids.0.route' }),
    );
    expect(() => dose([entry('', 5)])).toThrow(expect.objectContaining({ field: 'corticosteroids.0.drug' }));
  });
});

describe('the table is a parameter', () => {
  const other = { prednisone: 1, deflazacort: 0.83 };
  it('another protocol table converts its own drugs and refuses the rest', () => {
    expect(dose([entry('deflazacort', 30)], 50, other)).toMatchObject({ mgPerDay: 24.9, mgPerKgPerDay: 0.498 });
    expect(() => dose([entry('dexamethasone', 4)], 50, other)).toThrow(
      expect.objectContaining({ field: 'corticosteroids.0.drug' }),
    );
  });
});

describe('steroid properties', () => {
  const drugs = Object.keys(prednisoneEquivalents);
  const entries = fc.array(
    fc.record({ drug: fc.constantFrom(...drugs), dailyDoseMg: fc.double({ min: 0, max: 500, noNaN: true }) }),
    {
      maxLength: 5,
    },
  );
  it('the total is the sum of the entries; adding a drug never lowers it; per kg is total ÷ weight', () => {
    fc.assert(
      fc.property(entries, fc.double({ min: 30, max: 200, noNaN: true }), (list, weightKg) => {
        const result = dose(list, weightKg);
        const sum = result.entries.reduce((s, e) => s + (e.prednisoneMgPerDay ?? Number.NaN), 0);
        expect(result.mgPerDay).toBeCloseTo(sum, 6);
        expect(result.mgPerKgPerDay).toBeCloseTo((result.mgPerDay ?? Number.NaN) / weightKg, 6);
        const more = dose([...list, entry('hydrocortisone', 10)], weightKg).mgPerDay ?? Number.NaN;
        expect(more).toBeGreaterThan(result.mgPerDay ?? Number.NaN);
      }),
    );
  });
});
