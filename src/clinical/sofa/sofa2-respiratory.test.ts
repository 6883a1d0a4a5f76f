import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Respiratory } from './sofa2-respiratory.ts';

const respiratory = (raw: SofaWindowInput) => scoreSofa2Respiratory(normalizeWindow(raw).window);
const supported = { advancedRespiratorySupport: true };

describe('SOFA-2 respiratory: PaO2/FiO2 (mmHg), each limit inclusive', () => {
  // FiO2 1.0 makes the ratio equal to the PaO2, so the boundaries read directly.
  it.each([
    { pf: 400, points: 0 },
    { pf: 300.1, points: 0 },
    { pf: 300, points: 1 },
    { pf: 299.9, points: 1 },
    { pf: 225.1, points: 1 },
    { pf: 225, points: 2 },
    { pf: 224.9, points: 2 },
    { pf: 150.1, points: 2 },
    { pf: 150, points: 3 },
    { pf: 149.9, points: 3 },
    { pf: 75.1, points: 3 },
    { pf: 75, points: 4 },
    { pf: 74.9, points: 4 },
    { pf: 40, points: 4 },
  ])('P/F $pf with advanced support scores $points', ({ pf, points }) => {
    expect(respiratory({ pao2MmHg: pf, fio2: 1, ...supported })).toEqual({
      points,
      notes: [`P/F ${pf} mmHg → ${points}`],
    });
  });

  it('computes the ratio without floating-point noise: PaO2 90 on FiO2 0.30 is exactly 300 → 1', () => {
    expect(respiratory({ pao2MmHg: 90, fio2: 0.3 })).toEqual({ points: 1, notes: ['P/F 300 mmHg → 1'] });
  });

  it('accepts FiO2 as a percentage and PaO2 in kPa (40 kPa on 100 % = 300 mmHg → 1)', () => {
    expect(respiratory({ pao2KPa: 40, fio2: 100 }).points).toBe(1);
    expect(respiratory({ pao2KPa: 10, fio2: 100, ...supported }).points).toBe(4);
  });
});

describe('SOFA-2 respiratory: SpO2/FiO2 when there is no PaO2 and SpO2 < 98 %', () => {
  // Each FiO2 is chosen so that SpO2 90 % sits exactly on a limit; ±0.1 of ratio either side.
  it.each([
    { spo2: 90.03, fio2: 0.3, ratio: 300.1, points: 0 },
    { spo2: 90, fio2: 0.3, ratio: 300, points: 1 },
    { spo2: 89.97, fio2: 0.3, ratio: 299.9, points: 1 },
    { spo2: 90.036, fio2: 0.36, ratio: 250.1, points: 1 },
    { spo2: 90, fio2: 0.36, ratio: 250, points: 2 },
    { spo2: 89.964, fio2: 0.36, ratio: 249.9, points: 2 },
    { spo2: 90.045, fio2: 0.45, ratio: 200.1, points: 2 },
    { spo2: 90, fio2: 0.45, ratio: 200, points: 3 },
    { spo2: 89.955, fio2: 0.45, ratio: 199.9, points: 3 },
    { spo2: 90.075, fio2: 0.75, ratio: 120.1, points: 3 },
    { spo2: 90, fio2: 0.75, ratio: 120, points: 4 },
    { spo2: 89.925, fio2: 0.75, ratio: 119.9, points: 4 },
  ])(
    'SpO2 $spo2 % on FiO2 $fio2 (S/F $ratio) with advanced support scores $points',
    ({ spo2, fio2, ratio, points }) => {
      expect(respiratory({ spo2Pct: spo2, fio2, ...supported })).toEqual({
        points,
        notes: ['SpO2/FiO2 used: no PaO2', `S/F ${ratio} → ${points}`],
      });
    },
  );

  it('uses SpO2 97.9 % but not SpO2 98 % (the limit is strictly below 98 %)', () => {
    expect(respiratory({ spo2Pct: 97.9, fio2: 0.5 }).points).toBe(2);
    expect(respiratory({ spo2Pct: 98, fio2: 0.5 })).toEqual({
      points: null,
      notes: ['SpO2 98 % without PaO2: SpO2/FiO2 is used only below 98 %'],
    });
  });

  it('ignores SpO2 whenever a PaO2 is available', () => {
    expect(respiratory({ pao2MmHg: 200, spo2Pct: 85, fio2: 0.5 })).toEqual({
      points: 0,
      notes: ['P/F 400 mmHg → 0'],
    });
  });
});

describe('SOFA-2 respiratory: points 3 and 4 need advanced ventilatory support', () => {
  it('caps a P/F of 3 or 4 points at 2 without advanced support, and says so', () => {
    expect(respiratory({ pao2MmHg: 60, fio2: 0.6 })).toEqual({
      points: 2,
      notes: ['P/F 100 mmHg → 3', 'respiratory capped at 2: no advanced support'],
    });
    expect(respiratory({ pao2MmHg: 50, fio2: 1 }).points).toBe(2);
  });

  it('caps an SpO2/FiO2 of 3 or 4 points the same way', () => {
    expect(respiratory({ spo2Pct: 88, fio2: 0.8 }).points).toBe(2);
    expect(respiratory({ spo2Pct: 88, fio2: 0.8, ...supported }).points).toBe(4);
  });

  it('leaves 0 to 2 points alone (no cap note)', () => {
    expect(respiratory({ pao2MmHg: 100, fio2: 0.5 })).toEqual({ points: 2, notes: ['P/F 200 mmHg → 2'] });
  });

  it('lets the ratio alone decide when support is unavailable or withheld (ceiling of treatment)', () => {
    expect(respiratory({ pao2MmHg: 60, fio2: 1, respiratorySupportUnavailable: true })).toEqual({
      points: 4,
      notes: ['P/F 60 mmHg → 4', 'no advanced support (unavailable or ceiling of treatment): the ratio alone decides'],
    });
  });
});

describe('SOFA-2 respiratory: ECMO for respiratory failure', () => {
  it('scores 4 regardless of the ratio', () => {
    expect(respiratory({ ecmo: 'respiratory', pao2MmHg: 400, fio2: 0.4 })).toEqual({
      points: 4,
      notes: ['ECMO for respiratory failure → 4'],
    });
  });

  it('scores 4 without any blood gas', () => {
    expect(respiratory({ ecmo: 'respiratory' }).points).toBe(4);
  });

  it('is not triggered by cardiac (VA) ECMO: the ratio decides', () => {
    expect(respiratory({ ecmo: 'cardiac', pao2MmHg: 400, fio2: 0.4 }).points).toBe(0);
  });
});

describe('SOFA-2 respiratory: missing data', () => {
  it('is missing when FiO2 is absent (no ratio can be formed), and says why', () => {
    expect(respiratory({ pao2MmHg: 60 })).toEqual({ points: null, notes: ['no FiO2: no oxygenation ratio'] });
    expect(respiratory({ spo2Pct: 90, ...supported }).points).toBeNull();
  });

  it('is missing when there is FiO2 or support but no PaO2 or SpO2', () => {
    expect(respiratory({ fio2: 0.4, ...supported })).toEqual({ points: null, notes: [] });
    expect(respiratory({})).toEqual({ points: null, notes: [] });
  });
});
