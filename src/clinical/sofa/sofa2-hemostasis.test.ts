import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Hemostasis } from './sofa2-hemostasis.ts';

const hemostasis = (raw: SofaWindowInput) => scoreSofa2Hemostasis(normalizeWindow(raw).window);

describe('SOFA-2 hemostasis: platelets (×10³/µL), each limit inclusive', () => {
  it.each([
    { platelets: 400, points: 0 },
    { platelets: 151, points: 0 },
    { platelets: 150.5, points: 0 },
    { platelets: 150, points: 1 },
    { platelets: 149, points: 1 },
    { platelets: 101, points: 1 },
    { platelets: 100, points: 2 },
    { platelets: 99, points: 2 },
    { platelets: 81, points: 2 },
    { platelets: 80, points: 3 },
    { platelets: 79, points: 3 },
    { platelets: 51, points: 3 },
    { platelets: 50, points: 4 },
    { platelets: 49, points: 4 },
    { platelets: 0, points: 4 },
  ])('platelets $platelets ×10³/µL score $points', ({ platelets, points }) => {
    expect(hemostasis({ plateletsE3PerUl: platelets })).toEqual({
      points,
      notes: [`platelets ${platelets} ×10³/µL → ${points}`],
    });
  });

  it('is missing when no platelet count was measured', () => {
    expect(hemostasis({ gcs: 15 })).toEqual({ points: null, notes: [] });
  });
});
