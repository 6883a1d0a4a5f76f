import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { assessQsofa } from './qsofa.ts';

const normal = { respiratoryRate: 16, gcs: 15, systolicBp: 120 };

describe('qSOFA: RR ≥ 22/min, GCS < 15, SBP ≤ 100 mmHg; positive at ≥ 2', () => {
  it.each([
    [{ respiratoryRate: 21 }, 'tachypnea', false],
    [{ respiratoryRate: 22 }, 'tachypnea', true],
    [{ gcs: 15 }, 'alteredMentation', false],
    [{ gcs: 14 }, 'alteredMentation', true],
    [{ systolicBp: 101 }, 'hypotension', false],
    [{ systolicBp: 100 }, 'hypotension', true],
  ] as const)('%j → %s %s', (change, criterion, met) => {
    const result = assessQsofa({ ...normal, ...change });
    expect(result.criteria[criterion]).toBe(met);
    expect(result.score).toBe(met ? 1 : 0);
    expect(result.positive).toBe(false);
  });
  it('two criteria are positive, one is not', () => {
    expect(assessQsofa({ respiratoryRate: 24, gcs: 14, systolicBp: 120 })).toMatchObject({ score: 2, positive: true });
    expect(assessQsofa({ respiratoryRate: 24, gcs: 15, systolicBp: 120 })).toMatchObject({ score: 1, positive: false });
    expect(assessQsofa({ respiratoryRate: 30, gcs: 9, systolicBp: 85 })).toMatchObject({
      score: 3,
      positive: true,
      criteria: { tachypnea: true, alteredMentation: true, hypotension: true },
    });
  });
});

describe('qSOFA with missing values', () => {
  it('a missing value meets no criterion, is null in criteria, and is named in the notes', () => {
    const result = assessQsofa({ respiratoryRate: 25, gcs: null });
    expect(result).toMatchObject({
      score: 1,
      positive: false,
      criteria: { tachypnea: true, alteredMentation: null, hypotension: null },
    });
    expect(result.notes).toContain('gcs missing: criterion "< 15" not assessed');
    expect(result.notes).toContain('systolicBp missing: criterion "≤ 100 mmHg" not assessed');
    expect(result.notes.join('\n')).toMatch(/not positive on the values given, measure the missing/);
  });
  it('positive stays positive whatever is missing; negative only when the missing could not reach 2', () => {
    expect(assessQsofa({ respiratoryRate: 25, systolicBp: 90 }).positive).toBe(true);
    const negative = assessQsofa({ respiratoryRate: 16, gcs: 15 });
    expect(negative.positive).toBe(false);
    expect(negative.notes.join('\n')).toMatch(/negative/);
  });
  it('nothing given: score 0, all criteria null', () => {
    expect(assessQsofa({})).toMatchObject({
      score: 0,
      criteria: { tachypnea: null, alteredMentation: null, hypotension: null },
    });
  });
});

describe('qSOFA properties and input', () => {
  it('score = number of criteria met, 0..3; positive iff ≥ 2; worse vitals never lower it', () => {
    const vitals = fc.record({
      respiratoryRate: fc.option(fc.double({ min: 0, max: 60, noNaN: true })),
      gcs: fc.option(fc.integer({ min: 3, max: 15 })),
      systolicBp: fc.option(fc.double({ min: 30, max: 250, noNaN: true })),
    });
    fc.assert(
      fc.property(vitals, fc.nat(20), fc.nat(12), fc.nat(60), (v, rrUp, gcsDown, sbpDown) => {
        const result = assessQsofa(v);
        expect(result.score).toBe(Object.values(result.criteria).filter((c) => c === true).length);
        expect(result.positive).toBe(result.score >= 2);
        const worse = assessQsofa({
          respiratoryRate: v.respiratoryRate === null ? null : v.respiratoryRate + rrUp,
          gcs: v.gcs === null ? null : Math.max(3, v.gcs - gcsDown),
          systolicBp: v.systolicBp === null ? null : Math.max(1, v.systolicBp - sbpDown),
        });
        expect(worse.score).toBeGreaterThanOrEqual(result.score);
      }),
    );
  });
  it('rejects invalid values naming the field', () => {
    expect(() => assessQsofa({ gcs: 2 })).toThrow(InputError);
    expect(() => assessQsofa({ ...normal, heartRate: 120 })).toThrow(/heartRate/);
    expect(() => assessQsofa({ systolicBp: -5 })).toThrow(expect.objectContaining({ field: 'systolicBp' }));
  });
});
