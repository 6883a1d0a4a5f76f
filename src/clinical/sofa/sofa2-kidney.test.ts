import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Kidney } from './sofa2-kidney.ts';

const kidney = (raw: SofaWindowInput) => scoreSofa2Kidney(normalizeWindow(raw).window);
const points = (raw: SofaWindowInput) => kidney(raw).points;

describe('SOFA-2 kidney: creatinine (mg/dL), each limit inclusive', () => {
  it.each([
    { creatinine: 0.7, points: 0 },
    { creatinine: 1.19, points: 0 },
    { creatinine: 1.2, points: 0 },
    { creatinine: 1.21, points: 1 },
    { creatinine: 1.99, points: 1 },
    { creatinine: 2.0, points: 1 },
    { creatinine: 2.01, points: 2 },
    { creatinine: 3.49, points: 2 },
    { creatinine: 3.5, points: 2 },
    { creatinine: 3.51, points: 3 },
    { creatinine: 9, points: 3 },
  ])('creatinine $creatinine mg/dL scores $points', ({ creatinine, points }) => {
    expect(kidney({ creatinineMgDl: creatinine })).toEqual({
      points,
      notes: [`creatinine ${creatinine} mg/dL → ${points}`],
    });
  });

  it('converts µmol/L (1 mg/dL = 88.4 µmol/L) and compares in mg/dL: 106 → 0, 110 (1.24 mg/dL) → 1, 310 → 3', () => {
    expect(points({ creatinineUmolL: 106 })).toBe(0);
    expect(points({ creatinineUmolL: 110 })).toBe(1);
    expect(points({ creatinineUmolL: 176.8 })).toBe(1);
    expect(points({ creatinineUmolL: 309.4 })).toBe(2);
    expect(points({ creatinineUmolL: 310 })).toBe(3);
  });
});

describe('SOFA-2 kidney: urine output (mL/kg/h) and how long it lasted', () => {
  it.each([
    { urine: 0.49, hours: 5.9, points: 0, rule: 'low for less than 6 h' },
    { urine: 0.49, hours: 6, points: 1, rule: '< 0.5 for 6 h' },
    { urine: 0.5, hours: 6, points: 0, rule: '0.5 is not below 0.5' },
    { urine: 0.49, hours: 11.9, points: 1, rule: '< 0.5 for 6–12 h' },
    { urine: 0.49, hours: 12, points: 2, rule: '< 0.5 for 12 h' },
    { urine: 0.5, hours: 12, points: 0, rule: '0.5 is not below 0.5' },
    { urine: 0.3, hours: 24, points: 2, rule: '0.3 is not below 0.3' },
    { urine: 0.29, hours: 23.9, points: 2, rule: '< 0.3 for less than 24 h' },
    { urine: 0.29, hours: 24, points: 3, rule: '< 0.3 for 24 h' },
    { urine: 0.1, hours: 30, points: 3, rule: '< 0.3 for more than 24 h' },
  ])('urine $urine for $hours h scores $points ($rule)', ({ urine, hours, points }) => {
    expect(kidney({ urineOutputMlKgH: urine, urineOutputHours: hours })).toEqual({
      points,
      notes: [`urine ${urine} mL/kg/h for ${hours} h → ${points}`],
    });
  });

  it('scores anuria for 12 h or more 3, and for less than 12 h as "< 0.5"', () => {
    expect(kidney({ urineOutputMlKgH: 0, urineOutputHours: 12 })).toEqual({
      points: 3,
      notes: ['urine 0 mL/kg/h for 12 h (anuria) → 3'],
    });
    expect(points({ urineOutputMlKgH: 0, urineOutputHours: 11.9 })).toBe(1);
  });

  it('takes a urine output without a period as the mean over the whole 24-h window, and says so', () => {
    expect(kidney({ urineOutputMlKgH: 0.25 })).toEqual({
      points: 3,
      notes: ['urine output period not given: taken as 24 h', 'urine 0.25 mL/kg/h for 24 h → 3'],
    });
  });

  it('lets the highest points win when creatinine and urine disagree (creatinine 1, urine 3 → 3)', () => {
    expect(kidney({ creatinineMgDl: 1.5, urineOutputMlKgH: 0.2, urineOutputHours: 24 })).toEqual({
      points: 3,
      notes: ['creatinine 1.5 mg/dL → 1', 'urine 0.2 mL/kg/h for 24 h → 3'],
    });
    expect(points({ creatinineMgDl: 3.6, urineOutputMlKgH: 0.45, urineOutputHours: 8 })).toBe(3);
  });
});

describe('SOFA-2 kidney: kidney replacement therapy', () => {
  it('scores 4 on RRT, whatever the creatinine', () => {
    expect(kidney({ rrt: true, creatinineMgDl: 0.8 })).toEqual({ points: 4, notes: ['RRT → 4'] });
  });

  it('scores 4 when not on RRT but meeting its criteria: creatinine > 1.2 and potassium ≥ 6.0', () => {
    expect(kidney({ creatinineMgDl: 1.21, potassiumMmolL: 6.0 })).toEqual({
      points: 4,
      notes: ['creatinine 1.21 mg/dL → 1', 'RRT criteria met (creatinine > 1.2; potassium 6 ≥ 6) → 4'],
    });
    expect(points({ creatinineMgDl: 1.2, potassiumMmolL: 6.0 })).toBe(0);
    expect(points({ creatinineMgDl: 1.5, potassiumMmolL: 5.9 })).toBe(1);
  });

  it('meets the metabolic criterion with pH ≤ 7.20 and bicarbonate ≤ 12 together', () => {
    expect(points({ creatinineMgDl: 2, ph: 7.2, bicarbonateMmolL: 12 })).toBe(4);
    expect(points({ creatinineMgDl: 2, ph: 7.21, bicarbonateMmolL: 12 })).toBe(1);
    expect(points({ creatinineMgDl: 2, ph: 7.2, bicarbonateMmolL: 12.1 })).toBe(1);
    expect(points({ creatinineMgDl: 2, ph: 7.0 })).toBe(1);
  });

  it('meets the kidney criterion with urine < 0.3 for more than 6 h (exactly 6 h is not enough)', () => {
    expect(points({ urineOutputMlKgH: 0.29, urineOutputHours: 6.1, potassiumMmolL: 6.5 })).toBe(4);
    expect(points({ urineOutputMlKgH: 0.29, urineOutputHours: 6, potassiumMmolL: 6.5 })).toBe(1);
    expect(points({ urineOutputMlKgH: 0.3, urineOutputHours: 8, potassiumMmolL: 6.5 })).toBe(1);
  });

  it('does not score potassium or acidosis alone', () => {
    expect(kidney({ potassiumMmolL: 7, ph: 7.0, bicarbonateMmolL: 8 })).toEqual({ points: null, notes: [] });
    expect(points({ creatinineMgDl: 1.0, potassiumMmolL: 7 })).toBe(0);
  });
});

describe('SOFA-2 kidney: missing data', () => {
  it('is missing with no creatinine, no urine output and no RRT', () => {
    expect(kidney({})).toEqual({ points: null, notes: [] });
    expect(kidney({ urineOutputHours: 12 })).toEqual({ points: null, notes: [] });
  });
});

describe('SOFA-2 kidney is monotonic (property)', () => {
  // Values cluster on the limits (±0.01) so that boundary interactions, like the RRT criteria, come up often.
  const near = (...limits: number[]) =>
    fc.option(fc.constantFrom(...limits.flatMap((l) => [l - 0.01, l, l + 0.01])), { nil: undefined });
  const kidneyWindows = fc.record({
    creatinineMgDl: near(1.2, 2, 3.5),
    urineOutputMlKgH: fc.option(fc.constantFrom(0, 0.01, 0.29, 0.3, 0.31, 0.49, 0.5, 0.51), { nil: undefined }),
    urineOutputHours: fc.option(fc.constantFrom(3, 5.99, 6, 6.01, 11.99, 12, 23.99, 24), { nil: undefined }),
    rrt: fc.constantFrom(false, false, false, true),
    potassiumMmolL: near(6),
    ph: near(7.2),
    bicarbonateMmolL: near(12),
  });
  const worse = fc.double({ min: 0, max: 1, noNaN: true });
  const worsenings: Record<string, (w: SofaWindowInput, t: number) => SofaWindowInput> = {
    'higher creatinine': (w, t) => ({ ...w, creatinineMgDl: w.creatinineMgDl && w.creatinineMgDl + 4 * t }),
    'lower urine output': (w, t) => ({ ...w, urineOutputMlKgH: w.urineOutputMlKgH && w.urineOutputMlKgH * (1 - t) }),
    'longer low-output period': (w, t) => ({
      ...w,
      urineOutputHours: w.urineOutputHours && w.urineOutputHours + 24 * t,
    }),
    'higher potassium': (w, t) => ({ ...w, potassiumMmolL: w.potassiumMmolL && w.potassiumMmolL + t }),
    'lower pH': (w, t) => ({ ...w, ph: w.ph && w.ph - 0.2 * t }),
    'lower bicarbonate': (w, t) => ({ ...w, bicarbonateMmolL: w.bicarbonateMmolL && w.bicarbonateMmolL * (1 - t) }),
    RRT: (w) => ({ ...w, rrt: true }),
  };
  it.each(Object.entries(worsenings))('%s never lowers the kidney points', (_name, worsen) => {
    fc.assert(
      fc.property(kidneyWindows, worse, (w, t) => {
        expect(points(worsen(w, t)) ?? 0).toBeGreaterThanOrEqual(points(w) ?? 0);
      }),
      { numRuns: 2000 },
    );
  });
});
