import { describe, expect, it } from 'vitest';
import { monthsBetween, projectCompletion } from './projection.ts';

describe('the recruitment projection', () => {
  it('is empty without enrolment', () => {
    const p = projectCompletion([], 400, '2027-06-01');
    expect(p).toMatchObject({ ratePerMonth: null, completionDate: null, reached: false });
  });

  it('carries the mean rate of the last 6 months forward', () => {
    // 60 enrolments in the 181 days before today; 61 enrolled, 140 remaining → ceil(140 × 181 / 60) = 423 days.
    const dates = Array.from({ length: 60 }, (_, i) => `2027-${String(1 + Math.floor(i / 10)).padStart(2, '0')}-15`);
    dates.push('2026-01-01'); // before the period: counted as enrolled, not in the rate
    const p = projectCompletion(dates, 201, '2027-07-01');
    expect(p.periodFrom).toBe('2027-01-01');
    expect(p.periodTo).toBe('2027-07-01');
    const perDay = 60 / 181;
    expect(p.ratePerMonth).toBeCloseTo(Math.round(perDay * 30.4375 * 10) / 10, 5);
    expect(p.completionDate).toBe('2028-08-27');
    expect(p.reached).toBe(false);
  });

  it('starts the period at the first enrolment of a young study', () => {
    const p = projectCompletion(['2027-05-02', '2027-05-12'], 12, '2027-06-01');
    expect(p.periodFrom).toBe('2027-05-02');
    // 2 in 30 days; 10 remaining → 150 days.
    expect(p.completionDate).toBe('2027-10-29');
  });

  it('has no date when nobody was enrolled in the period', () => {
    const p = projectCompletion(['2025-01-01'], 10, '2027-06-01');
    expect(p).toMatchObject({ ratePerMonth: 0, completionDate: null, reached: false });
  });

  it('gives the day the target was reached', () => {
    const p = projectCompletion(['2027-03-01', '2027-01-05', '2027-02-01'], 2, '2027-06-01');
    expect(p).toMatchObject({ completionDate: '2027-02-01', reached: true });
  });
});

describe('months between', () => {
  it('includes both ends and crosses years', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-02', '2027-02')).toEqual(['2027-02']);
  });
});
