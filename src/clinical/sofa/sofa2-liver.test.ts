import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Liver } from './sofa2-liver.ts';

const liver = (raw: SofaWindowInput) => scoreSofa2Liver(normalizeWindow(raw).window);

describe('SOFA-2 liver: total bilirubin (mg/dL), each limit inclusive', () => {
  it.each([
    { bilirubin: 0.3, points: 0 },
    { bilirubin: 1.19, points: 0 },
    { bilirubin: 1.2, points: 0 },
    { bilirubin: 1.21, points: 1 },
    { bilirubin: 2.99, points: 1 },
    { bilirubin: 3.0, points: 1 },
    { bilirubin: 3.01, points: 2 },
    { bilirubin: 5.99, points: 2 },
    { bilirubin: 6.0, points: 2 },
    { bilirubin: 6.01, points: 3 },
    { bilirubin: 11.99, points: 3 },
    { bilirubin: 12.0, points: 3 },
    { bilirubin: 12.01, points: 4 },
    { bilirubin: 40, points: 4 },
  ])('bilirubin $bilirubin mg/dL scores $points', ({ bilirubin, points }) => {
    expect(liver({ bilirubinMgDl: bilirubin })).toEqual({
      points,
      notes: [`bilirubin ${bilirubin} mg/dL → ${points}`],
    });
  });
});

describe('SOFA-2 liver: bilirubin in µmol/L is converted (1 mg/dL = 17.1 µmol/L) and compared in mg/dL', () => {
  it.each([
    { umol: 20.52, mgDl: 1.2, points: 0 },
    { umol: 51.3, mgDl: 3.0, points: 1 },
    { umol: 102.6, mgDl: 6.0, points: 2 },
    { umol: 205.2, mgDl: 12.0, points: 3 },
    { umol: 206, mgDl: 12.05, points: 4 },
  ])('$umol µmol/L (≈ $mgDl mg/dL) scores $points', ({ umol, points }) => {
    expect(liver({ bilirubinUmolL: umol }).points).toBe(points);
  });

  it('scores 20.6 µmol/L (the paper\'s rounded "20.6") as 1, because it is 1.205 mg/dL > 1.20', () => {
    expect(liver({ bilirubinUmolL: 20.6 }).points).toBe(1);
  });
});

describe('SOFA-2 liver: missing data', () => {
  it('is missing when no bilirubin was measured', () => {
    expect(liver({ creatinineMgDl: 1 })).toEqual({ points: null, notes: [] });
  });
});
