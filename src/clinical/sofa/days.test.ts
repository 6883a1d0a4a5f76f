import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { scoreSofa2Days } from './days.ts';

const admission = '2026-03-02T14:00:00+01:00';
const at = (hoursAfterAdmission: number) =>
  new Date(Date.parse(admission) + hoursAfterAdmission * 3_600_000).toISOString();

describe('daily SOFA-2 in 24-hour blocks from ICU admission', () => {
  it('makes one window per 24 hours up to the last observation', () => {
    const days = scoreSofa2Days({
      icuAdmission: admission,
      observations: [
        { time: at(1), plateletsE3PerUl: 200 },
        { time: at(50), plateletsE3PerUl: 200 },
      ],
    });
    expect(days.map((d) => [d.day, d.start, d.end])).toEqual([
      [1, '2026-03-02T14:00:00.000+01:00', '2026-03-03T14:00:00.000+01:00'],
      [2, '2026-03-03T14:00:00.000+01:00', '2026-03-04T14:00:00.000+01:00'],
      [3, '2026-03-04T14:00:00.000+01:00', '2026-03-05T14:00:00.000+01:00'],
    ]);
  });

  it('takes the worst value of each organ in the window', () => {
    const [day1] = scoreSofa2Days({
      icuAdmission: admission,
      observations: [
        { time: at(2), plateletsE3PerUl: 120, gcs: 15 },
        { time: at(10), plateletsE3PerUl: 45, gcs: 14 },
        { time: at(20), plateletsE3PerUl: 160, gcs: 15 },
      ],
    });
    expect(day1?.components.hemostasis).toBe(4);
    expect(day1?.components.brain).toBe(1);
  });

  it('scores a missing organ 0 on day 1, says so, and carries the last value forward afterwards', () => {
    const days = scoreSofa2Days({
      icuAdmission: admission,
      observations: [
        { time: at(3), plateletsE3PerUl: 90, bilirubinMgDl: 2.5 },
        { time: at(30), plateletsE3PerUl: 160 },
        { time: at(54), bilirubinMgDl: 0.8 },
      ],
    });
    expect(days[0]).toMatchObject({ components: { hemostasis: 2, liver: 1, kidney: 0 }, total: 3 });
    expect(days[0]?.missing).toEqual(['brain', 'respiratory', 'cardiovascular', 'kidney']);
    expect(days[1]).toMatchObject({
      components: { hemostasis: 0, liver: 1 },
      carriedForward: ['brain', 'respiratory', 'cardiovascular', 'liver', 'kidney'],
    });
    expect(days[1]?.notes).toContain('liver: no data, 1 carried forward from day 1');
    expect(days[2]).toMatchObject({ components: { hemostasis: 0, liver: 0 }, missing: [] });
    expect(days[2]?.carriedForward).toContain('hemostasis');
  });

  it('keeps the total the sum of the components every day', () => {
    const days = scoreSofa2Days({
      icuAdmission: admission,
      observations: [
        { time: at(1), gcs: 9, plateletsE3PerUl: 60, creatinineMgDl: 2.5 },
        { time: at(26), mapMmHg: 65 },
      ],
    });
    for (const day of days) expect(day.total).toBe(Object.values(day.components).reduce((a, b) => a + b, 0));
  });
});

describe('daily SOFA-2 with infusions, kidney replacement and organ support', () => {
  it('counts a vasoactive infusion of at least an hour, even between observations', () => {
    const [day1] = scoreSofa2Days({
      icuAdmission: admission,
      observations: [{ time: at(1), mapMmHg: 75 }],
      infusions: [{ drug: 'norepinephrine', doseUgKgMin: 0.5, start: at(5), stop: at(9) }],
    });
    expect(day1?.components.cardiovascular).toBe(4);
  });

  it('ignores an infusion that ran less than an hour, and says so', () => {
    const [day1] = scoreSofa2Days({
      icuAdmission: admission,
      observations: [{ time: at(1), mapMmHg: 75 }],
      infusions: [{ drug: 'norepinephrine', doseUgKgMin: 0.5, start: at(5), stop: at(5.9) }],
    });
    expect(day1?.components.cardiovascular).toBe(0);
    expect(day1?.notes).toContain('cardiovascular: norepinephrine infusion of less than 1 hour ignored');
  });

  it('converts a norepinephrine salt to base', () => {
    const [day1] = scoreSofa2Days({
      icuAdmission: admission,
      observations: [],
      infusions: [
        { drug: 'norepinephrine', doseUgKgMin: 0.6, salt: 'bitartrate_monohydrate', start: at(1), stop: null },
      ],
    });
    // 0.6 µg/kg/min of the bitartrate monohydrate is 0.3 base: 0.2 < 0.3 <= 0.4 → 3.
    expect(day1?.components.cardiovascular).toBe(3);
  });

  it('scores the kidney 4 on every day kidney replacement runs, but not for a non-renal indication', () => {
    const days = scoreSofa2Days({
      icuAdmission: admission,
      observations: [{ time: at(60), creatinineMgDl: 1.0 }],
      rrt: [
        { start: at(20), stop: at(40) },
        { start: at(45), stop: at(50), nonRenalIndication: true },
      ],
    });
    expect(days.map((d) => d.components.kidney)).toEqual([4, 4, 0]);
  });

  it('scores respiratory ECMO 4 while it runs', () => {
    const days = scoreSofa2Days({
      icuAdmission: admission,
      observations: [{ time: at(30), pao2MmHg: 90, fio2: 0.3 }],
      support: [{ kind: 'ecmoRespiratory', start: at(2), stop: at(26) }],
    });
    expect(days.map((d) => d.components.respiratory)).toEqual([4, 4]);
  });

  it('pairs a blood gas without FiO2 with the last FiO2 charted', () => {
    const [day1] = scoreSofa2Days({
      icuAdmission: admission,
      observations: [
        { time: at(1), fio2: 0.5 },
        { time: at(3), pao2MmHg: 140 },
      ],
    });
    // P/F = 140 / 0.5 = 280 → 1.
    expect(day1?.components.respiratory).toBe(1);
    expect(day1?.notes.some((n) => n.includes('FiO2 0.5 taken from'))).toBe(true);
  });
});

describe('daily SOFA-2 in calendar days', () => {
  it('ends day 1 at the first local midnight', () => {
    const days = scoreSofa2Days({
      icuAdmission: '2026-03-02T22:00:00+01:00',
      dayBoundary: 'calendar',
      observations: [{ time: '2026-03-03T09:00:00+01:00', plateletsE3PerUl: 90 }],
    });
    expect(days.map((d) => [d.start, d.end])).toEqual([
      ['2026-03-02T22:00:00.000+01:00', '2026-03-03T00:00:00.000+01:00'],
      ['2026-03-03T00:00:00.000+01:00', '2026-03-04T00:00:00.000+01:00'],
    ]);
  });

  it('has a 23-hour day when the clocks go forward in Europe/Amsterdam', () => {
    const days = scoreSofa2Days({
      icuAdmission: '2026-03-28T10:00:00+01:00',
      dayBoundary: 'calendar',
      observations: [{ time: '2026-03-29T12:00:00+02:00', gcs: 15 }],
    });
    expect(days[1]).toMatchObject({ start: '2026-03-29T00:00:00.000+01:00', end: '2026-03-30T00:00:00.000+02:00' });
    expect(Date.parse(days[1]!.end) - Date.parse(days[1]!.start)).toBe(23 * 3_600_000);
  });
});

describe('daily SOFA-2 input', () => {
  const fieldOf = (raw: unknown) => {
    try {
      scoreSofa2Days(raw);
    } catch (error) {
      if (error instanceof InputError) return error.field;
      throw error;
    }
    return 'accepted';
  };

  it('names the field that is wrong', () => {
    expect(fieldOf({ icuAdmission: '2026-03-02T14:00:00', observations: [] })).toBe('icuAdmission');
    expect(fieldOf({ icuAdmission: admission, observations: [{ time: at(1), gcs: 17 }] })).toBe('observations.0.gcs');
    expect(fieldOf({ icuAdmission: admission, observations: [{ time: at(1), platelets: 90 }] })).toBe(
      'observations.0.platelets',
    );
    expect(
      fieldOf({
        icuAdmission: admission,
        observations: [],
        infusions: [{ drug: 'dopamine', doseUgKgMin: 5, start: at(5), stop: at(4) }],
      }),
    ).toBe('infusions.0.stop');
  });
});
