import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Cardiovascular } from './sofa2-cardiovascular.ts';

const cardiovascular = (raw: SofaWindowInput) => scoreSofa2Cardiovascular(normalizeWindow(raw).window);
const points = (raw: SofaWindowInput) => cardiovascular(raw).points;

describe('SOFA-2 cardiovascular: MAP without vasoactives', () => {
  it.each([
    { map: 85, points: 0 },
    { map: 70.1, points: 0 },
    { map: 70, points: 0 },
    { map: 69.9, points: 1 },
    { map: 45, points: 1 },
  ])('MAP $map mmHg scores $points', ({ map, points }) => {
    expect(cardiovascular({ mapMmHg: map })).toEqual({
      points,
      notes: [`MAP ${map} mmHg without vasoactive → ${points}`],
    });
  });
});

describe('SOFA-2 cardiovascular: norepinephrine + epinephrine (µg/kg/min of base)', () => {
  it.each([
    { dose: 0.01, points: 2 },
    { dose: 0.19, points: 2 },
    { dose: 0.2, points: 2 },
    { dose: 0.21, points: 3 },
    { dose: 0.39, points: 3 },
    { dose: 0.4, points: 3 },
    { dose: 0.41, points: 4 },
    { dose: 1.5, points: 4 },
  ])('NE+E $dose alone scores $points', ({ dose, points }) => {
    expect(cardiovascular({ norepinephrineUgKgMin: dose, mapMmHg: 65 })).toEqual({
      points,
      notes: [`NE+E ${dose} µg/kg/min → ${points}`],
    });
    expect(cardiovascular({ epinephrineUgKgMin: dose }).points).toBe(points);
  });

  it('sums norepinephrine and epinephrine (0.15 + 0.05 = 0.2 → 2; 0.15 + 0.1 = 0.25 → 3; 0.3 + 0.15 = 0.45 → 4)', () => {
    expect(points({ norepinephrineUgKgMin: 0.15, epinephrineUgKgMin: 0.05 })).toBe(2);
    expect(points({ norepinephrineUgKgMin: 0.15, epinephrineUgKgMin: 0.1 })).toBe(3);
    expect(points({ norepinephrineUgKgMin: 0.3, epinephrineUgKgMin: 0.15 })).toBe(4);
  });

  it('scores the base: 0.3 charted as bitartrate monohydrate is 0.15 base → 2 (0.3 base would be 3)', () => {
    const { window, notes } = normalizeWindow({
      norepinephrineUgKgMin: 0.3,
      norepinephrineSalt: 'bitartrate_monohydrate',
    });
    expect(window.norepinephrineUgKgMin).toBe(0.15);
    expect(notes).toEqual(['norepinephrine converted from bitartrate monohydrate: 0.3 → 0.15 µg/kg/min base']);
    expect(scoreSofa2Cardiovascular(window).points).toBe(2);
  });

  it('converts the other salts too (anhydrous bitartrate 0.756 = 0.4 base → 3; hydrochloride 0.5 = 0.41 base → 4)', () => {
    expect(points({ norepinephrineUgKgMin: 0.756, norepinephrineSalt: 'bitartrate_anhydrous' })).toBe(3);
    expect(points({ norepinephrineUgKgMin: 0.5, norepinephrineSalt: 'hydrochloride' })).toBe(4);
  });
});

describe('SOFA-2 cardiovascular: other vasopressors and inotropes', () => {
  it('scores any dose of another agent alone 2', () => {
    expect(cardiovascular({ otherVasoactive: true, mapMmHg: 60 })).toEqual({
      points: 2,
      notes: ['other vasopressor/inotrope without NE+E → 2'],
    });
  });

  it.each([
    { dose: 0.01, points: 3 },
    { dose: 0.2, points: 3 },
    { dose: 0.21, points: 4 },
    { dose: 0.4, points: 4 },
    { dose: 0.41, points: 4 },
  ])('NE+E $dose with another agent scores $points', ({ dose, points }) => {
    expect(cardiovascular({ norepinephrineUgKgMin: dose, otherVasoactive: true })).toEqual({
      points,
      notes: [`NE+E ${dose} µg/kg/min with another agent → ${points}`],
    });
  });

  it('counts dopamine given with NE+E as "another agent"', () => {
    expect(points({ norepinephrineUgKgMin: 0.1, dopamineUgKgMin: 5 })).toBe(3);
    expect(points({ norepinephrineUgKgMin: 0.25, dopamineUgKgMin: 5 })).toBe(4);
  });
});

describe('SOFA-2 cardiovascular: dopamine as the only agent', () => {
  it.each([
    { dose: 2, points: 2 },
    { dose: 19.9, points: 2 },
    { dose: 20, points: 2 },
    { dose: 20.1, points: 3 },
    { dose: 39.9, points: 3 },
    { dose: 40, points: 3 },
    { dose: 40.1, points: 4 },
  ])('dopamine $dose µg/kg/min alone scores $points', ({ dose, points }) => {
    expect(cardiovascular({ dopamineUgKgMin: dose })).toEqual({
      points,
      notes: [`dopamine ${dose} µg/kg/min as the only agent → ${points}`],
    });
  });

  it('keeps the dopamine table as a floor when other agents are added (adding a drug never lowers the score)', () => {
    expect(points({ dopamineUgKgMin: 50, norepinephrineUgKgMin: 0.05 })).toBe(4);
    expect(points({ dopamineUgKgMin: 30, otherVasoactive: true })).toBe(3);
    expect(points({ dopamineUgKgMin: 10, otherVasoactive: true })).toBe(2);
  });
});

describe('SOFA-2 cardiovascular: mechanical circulatory support', () => {
  it('scores 4 for VA-ECMO, IABP, LVAD or a microaxial pump, whatever the MAP', () => {
    expect(cardiovascular({ mechanicalCirculatorySupport: true, mapMmHg: 80 })).toEqual({
      points: 4,
      notes: ['mechanical circulatory support → 4'],
    });
    expect(cardiovascular({ ecmo: 'cardiac' })).toEqual({
      points: 4,
      notes: ['ECMO for cardiac failure (mechanical support) → 4'],
    });
  });

  it('does not score respiratory (VV) ECMO here: it counts under respiratory', () => {
    expect(cardiovascular({ ecmo: 'respiratory', mapMmHg: 80 })).toEqual({
      points: 0,
      notes: ['respiratory ECMO is scored under respiratory, not here', 'MAP 80 mmHg without vasoactive → 0'],
    });
    expect(points({ ecmo: 'respiratory' })).toBeNull();
  });
});

describe('SOFA-2 cardiovascular: vasoactives unavailable or withheld (ceiling of treatment) → MAP alone', () => {
  it.each([
    { map: 70.1, points: 0 },
    { map: 70, points: 0 },
    { map: 69.9, points: 1 },
    { map: 60.1, points: 1 },
    { map: 60, points: 1 },
    { map: 59.9, points: 2 },
    { map: 50.1, points: 2 },
    { map: 50, points: 2 },
    { map: 49.9, points: 3 },
    { map: 40.1, points: 3 },
    { map: 40, points: 3 },
    { map: 39.9, points: 4 },
  ])('MAP $map mmHg scores $points', ({ map, points }) => {
    expect(cardiovascular({ mapMmHg: map, vasoactivesUnavailable: true })).toEqual({
      points,
      notes: [`vasoactives unavailable or withheld: MAP ${map} mmHg → ${points}`],
    });
  });

  it('takes the higher of the MAP table and the drugs when some vasoactive was given anyway', () => {
    expect(points({ vasoactivesUnavailable: true, mapMmHg: 45, norepinephrineUgKgMin: 0.1 })).toBe(3);
    expect(points({ vasoactivesUnavailable: true, mapMmHg: 65, norepinephrineUgKgMin: 0.5 })).toBe(4);
  });

  it('is missing without a MAP, and says so', () => {
    expect(cardiovascular({ vasoactivesUnavailable: true })).toEqual({
      points: null,
      notes: ['vasoactives unavailable or withheld, but no MAP'],
    });
  });
});

describe('SOFA-2 cardiovascular: missing data', () => {
  it('is missing when there is no MAP and no agent or support', () => {
    expect(cardiovascular({})).toEqual({ points: null, notes: [] });
  });

  it('reads a dose of 0 as "not running": alone it does not score the organ', () => {
    expect(points({ norepinephrineUgKgMin: 0, dopamineUgKgMin: 0 })).toBeNull();
    expect(points({ norepinephrineUgKgMin: 0, mapMmHg: 65 })).toBe(1);
  });
});
