import { describe, expect, it } from 'vitest';
import { normalizeWindow, type SofaWindowInput } from './input.ts';
import { scoreSofa2Brain } from './sofa2-brain.ts';

const brain = (raw: SofaWindowInput) => scoreSofa2Brain(normalizeWindow(raw).window);

describe('SOFA-2 brain: total Glasgow Coma Scale', () => {
  it.each([
    { gcs: 15, points: 0 },
    { gcs: 14, points: 1 },
    { gcs: 13, points: 1 },
    { gcs: 12, points: 2 },
    { gcs: 9, points: 2 },
    { gcs: 8, points: 3 },
    { gcs: 6, points: 3 },
    { gcs: 5, points: 4 },
    { gcs: 3, points: 4 },
  ])('GCS $gcs scores $points', ({ gcs, points }) => {
    expect(brain({ gcs })).toEqual({ points, notes: [`GCS ${gcs} → ${points}`] });
  });

  it('gives every GCS from 3 to 15 the points of its band (13–14 → 1, 9–12 → 2, 6–8 → 3, 3–5 → 4)', () => {
    const byGcs = Array.from({ length: 13 }, (_, i) => brain({ gcs: 3 + i }).points);
    expect(byGcs).toEqual([4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 0]);
  });
});

describe('SOFA-2 brain: motor response only (total GCS cannot be assessed)', () => {
  it.each([
    { motor: 6, response: 'obeys', points: 0 },
    { motor: 5, response: 'localizes', points: 1 },
    { motor: 4, response: 'withdraws', points: 2 },
    { motor: 3, response: 'flexion', points: 3 },
    { motor: 2, response: 'extension', points: 4 },
    { motor: 1, response: 'none', points: 4 },
  ])('best motor response $motor ($response) scores $points', ({ motor, response, points }) => {
    expect(brain({ gcsMotor: motor })).toEqual({ points, notes: [`motor GCS ${motor} (${response}) → ${points}`] });
  });

  it('takes the worse of a total GCS and a motor-only assessment charted in the same window', () => {
    expect(brain({ gcs: 14, gcsMotor: 4 }).points).toBe(2);
    expect(brain({ gcs: 7, gcsMotor: 5 }).points).toBe(3);
  });
});

describe('SOFA-2 brain: drug treatment for delirium', () => {
  it('scores at least 1 even with GCS 15', () => {
    expect(brain({ gcs: 15, deliriumDrugTreatment: true })).toEqual({
      points: 1,
      notes: ['GCS 15 → 0', 'delirium drug treatment → at least 1'],
    });
  });

  it('does not add to a worse GCS: the highest points win', () => {
    expect(brain({ gcs: 10, deliriumDrugTreatment: true }).points).toBe(2);
  });

  it('is enough on its own to score the brain', () => {
    expect(brain({ deliriumDrugTreatment: true }).points).toBe(1);
  });
});

describe('SOFA-2 brain: sedated patient', () => {
  it('is scored from the last GCS before sedation', () => {
    expect(brain({ sedated: true, gcsBeforeSedation: 11 })).toEqual({
      points: 2,
      notes: ['sedated: last GCS before sedation 11 → 2'],
    });
  });

  it('does not use a GCS or motor response assessed under sedation', () => {
    const result = brain({ sedated: true, gcsBeforeSedation: 15, gcs: 3, gcsMotor: 1 });
    expect(result.points).toBe(0);
    expect(result.notes).toContain('GCS assessed under sedation not used');
  });

  it('scores 0 when the GCS before sedation is unknown, says so, and leaves the organ missing', () => {
    expect(brain({ sedated: true })).toEqual({
      points: null,
      notes: ['sedated, GCS before sedation unknown → 0 (reported as missing)'],
    });
    expect(brain({ sedated: true, gcs: 4 }).points).toBeNull();
  });

  it('still scores delirium drug treatment when the GCS before sedation is unknown', () => {
    expect(brain({ sedated: true, deliriumDrugTreatment: true }).points).toBe(1);
  });

  it('ignores a GCS before sedation when the patient is not sedated, and says so', () => {
    expect(brain({ gcs: 15, gcsBeforeSedation: 6 })).toEqual({
      points: 0,
      notes: ['GCS before sedation 6 not used: not sedated', 'GCS 15 → 0'],
    });
  });
});

describe('SOFA-2 brain: missing data', () => {
  it('is missing, with no note, when nothing neurological was charted', () => {
    expect(brain({})).toEqual({ points: null, notes: [] });
    expect(brain({ plateletsE3PerUl: 200 })).toEqual({ points: null, notes: [] });
  });
});
