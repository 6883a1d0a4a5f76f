import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { visitSchedule } from './nct07273344/visits.ts';
import { computeSchedule, scheduleInput, type ScheduleAnchors, type ScheduleEntry } from './schedule.ts';
import type { VisitDefinition } from './visits.ts';

const anchors = (input: Partial<ScheduleAnchors> & { icuAdmission: string }): ScheduleAnchors =>
  scheduleInput.parse(input);
const schedule = (input: Partial<ScheduleAnchors> & { icuAdmission: string }): Record<string, ScheduleEntry> =>
  Object.fromEntries(computeSchedule(visitSchedule.visits, anchors(input)).map((entry) => [entry.visit, entry]));
const window = (entry: ScheduleEntry | undefined) => [entry?.earliest, entry?.target, entry?.latest];
const hoursBetween = (from: string | null | undefined, to: string | null | undefined) =>
  DateTime.fromISO(to ?? '').diff(DateTime.fromISO(from ?? ''), 'hours').hours;

describe('NCT07273344 visit schedule', () => {
  it('lists D0, D3, DIS, M3, M12 in protocol order, with a protocol version', () => {
    expect(visitSchedule).toMatchObject({ protocol: 'NCT07273344', version: '1' });
    expect(
      computeSchedule(visitSchedule.visits, anchors({ icuAdmission: '2026-03-02T14:00:00+01:00' })).map((e) => e.visit),
    ).toEqual(['D0', 'D3', 'DIS', 'M3', 'M12']);
  });

  it('D0: window [admission, admission + 48 h] exactly, target the middle, written in Europe/Amsterdam', () => {
    const { D0 } = schedule({ icuAdmission: '2026-03-02T13:00:00Z' });
    expect(window(D0)).toEqual(['2026-03-02T14:00:00+01:00', '2026-03-03T14:00:00+01:00', '2026-03-04T14:00:00+01:00']);
    expect(D0?.applicable).toBe(true);
    expect(hoursBetween(D0?.earliest, D0?.latest)).toBe(48);
  });

  it('D0 across spring-forward (29 March 2026 02:00 → 03:00): 48 real hours, 49 on the wall clock', () => {
    const { D0 } = schedule({ icuAdmission: '2026-03-28T10:00:00+01:00' });
    expect(window(D0)).toEqual(['2026-03-28T10:00:00+01:00', '2026-03-29T11:00:00+02:00', '2026-03-30T11:00:00+02:00']);
    expect(hoursBetween(D0?.earliest, D0?.latest)).toBe(48);
  });

  it('D0 across fall-back (25 October 2026 03:00 → 02:00): 48 real hours, 47 on the wall clock', () => {
    const { D0 } = schedule({ icuAdmission: '2026-10-24T10:00:00+02:00' });
    expect(window(D0)).toEqual(['2026-10-24T10:00:00+02:00', '2026-10-25T09:00:00+01:00', '2026-10-26T09:00:00+01:00']);
    expect(hoursBetween(D0?.earliest, D0?.latest)).toBe(48);
  });

  it('D0 during the repeated hour keeps the instant given: the offset tells 02:30 (+02:00) from 02:30 (+01:00)', () => {
    const first = schedule({ icuAdmission: '2026-10-25T02:30:00+02:00' }).D0;
    const second = schedule({ icuAdmission: '2026-10-25T02:30:00+01:00' }).D0;
    expect(first?.latest).toBe('2026-10-27T01:30:00+01:00');
    expect(second?.latest).toBe('2026-10-27T02:30:00+01:00');
  });

  it('D0 is written in the time zone asked for', () => {
    const { D0 } = schedule({ icuAdmission: '2026-03-02T13:00:00Z', timeZone: 'America/New_York' });
    expect(D0?.earliest).toBe('2026-03-02T08:00:00-05:00');
  });

  it('D3: D0 sample date + 3 days, ± 1 day, the date read in the local time zone', () => {
    expect(
      window(schedule({ icuAdmission: '2026-03-02T14:00:00+01:00', day0SampleAt: '2026-03-03T08:00:00+01:00' }).D3),
    ).toEqual(['2026-03-05', '2026-03-06', '2026-03-07']);
    // 23:30 UTC on 28 March is 00:30 on 29 March in Amsterdam: the sample date is the 29th.
    expect(
      window(schedule({ icuAdmission: '2026-03-28T10:00:00+01:00', day0SampleAt: '2026-03-28T23:30:00Z' }).D3),
    ).toEqual(['2026-03-31', '2026-04-01', '2026-04-02']);
    // Across a month and a year end.
    expect(
      window(schedule({ icuAdmission: '2026-12-29T20:00:00+01:00', day0SampleAt: '2026-12-30T09:00:00+01:00' }).D3),
    ).toEqual(['2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('DIS: the discharge date ± 2 days', () => {
    const { DIS } = schedule({ icuAdmission: '2026-02-20T14:00:00+01:00', hospitalDischarge: '2026-03-01' });
    expect(window(DIS)).toEqual(['2026-02-27', '2026-03-01', '2026-03-03']);
  });

  it('M3 and M12: calendar months with end-of-month clamping, then ± 14 days', () => {
    const may = schedule({ icuAdmission: '2026-05-01T14:00:00+02:00', hospitalDischarge: '2026-05-31' });
    expect(window(may.M3)).toEqual(['2026-08-17', '2026-08-31', '2026-09-14']);
    expect(window(may.M12)).toEqual(['2027-05-17', '2027-05-31', '2027-06-14']);
    // 30 November + 3 months = 28 February 2027 (not 2 March); 31 Jan would be the same rule.
    const november = schedule({ icuAdmission: '2026-11-20T14:00:00+01:00', hospitalDischarge: '2026-11-30' });
    expect(window(november.M3)).toEqual(['2027-02-14', '2027-02-28', '2027-03-14']);
    // Into a leap year: 30 November 2027 + 3 months = 29 February 2028.
    expect(schedule({ icuAdmission: '2027-11-20T14:00:00+01:00', hospitalDischarge: '2027-11-30' }).M3?.target).toBe(
      '2028-02-29',
    );
  });

  it('leap day: 29 February 2028 + 12 months = 28 February 2029; + 3 months = 29 May 2028', () => {
    const leap = schedule({ icuAdmission: '2028-02-20T14:00:00+01:00', hospitalDischarge: '2028-02-29' });
    expect(window(leap.DIS)).toEqual(['2028-02-27', '2028-02-29', '2028-03-02']);
    expect(window(leap.M3)).toEqual(['2028-05-15', '2028-05-29', '2028-06-12']);
    expect(window(leap.M12)).toEqual(['2029-02-14', '2029-02-28', '2029-03-14']);
  });

  it('unknown anchors give null target and window; the visit stays applicable', () => {
    const unknown = schedule({
      icuAdmission: '2026-03-02T14:00:00+01:00',
      day0SampleAt: null,
      hospitalDischarge: null,
    });
    for (const code of ['D3', 'DIS', 'M3', 'M12']) {
      expect(unknown[code]).toEqual({ visit: code, applicable: true, target: null, earliest: null, latest: null });
    }
    expect(unknown.D0?.target).not.toBeNull();
  });

  describe('death', () => {
    const base = { icuAdmission: '2026-03-02T14:00:00+01:00', day0SampleAt: '2026-03-02T20:00:00+01:00' };
    const applicability = (input: Partial<ScheduleAnchors>) =>
      Object.fromEntries(Object.entries(schedule({ ...base, ...input })).map(([code, e]) => [code, e.applicable]));

    it('died before discharge (or on the discharge date, or with no discharge): DIS, M3, M12 not applicable', () => {
      const inHospital = { D0: true, D3: true, DIS: false, M3: false, M12: false };
      expect(applicability({ hospitalDischarge: '2026-03-20', death: '2026-03-10' })).toEqual(inHospital);
      expect(applicability({ hospitalDischarge: '2026-03-20', death: '2026-03-20' })).toEqual(inHospital);
      expect(applicability({ hospitalDischarge: null, death: '2026-03-10' })).toEqual(inHospital);
      // The dates still follow the known anchor.
      expect(schedule({ ...base, hospitalDischarge: '2026-03-20', death: '2026-03-10' }).M3?.target).toBe('2026-06-20');
    });

    it('died after discharge: a visit whose window opens after the death is not applicable; one already open stays', () => {
      const discharged = { hospitalDischarge: '2026-03-20' };
      expect(applicability({ ...discharged, death: '2026-03-21' })).toMatchObject({ DIS: true, M3: false, M12: false });
      // M3 window opens 2026-06-06: death the day before, on the day, inside.
      expect(applicability({ ...discharged, death: '2026-06-05' })).toMatchObject({ M3: false, M12: false });
      expect(applicability({ ...discharged, death: '2026-06-06' })).toMatchObject({ M3: true, M12: false });
      expect(applicability({ ...discharged, death: '2026-06-30' })).toMatchObject({ M3: true, M12: false });
      expect(applicability({ ...discharged, death: '2027-03-06' })).toMatchObject({ M3: true, M12: true });
    });

    it('died before the D3 window opens: D3 not applicable', () => {
      // D0 sample 2 March: D3 window 4–6 March.
      expect(applicability({ death: '2026-03-03' })).toMatchObject({ D0: true, D3: false });
      expect(applicability({ death: '2026-03-04' })).toMatchObject({ D0: true, D3: true });
    });
  });

  it('the property: earliest ≤ target ≤ latest whenever all are set, and all or none are set', () => {
    // From 2000-01-02: the study period starts on 2000-01-01 in every time zone (New York's 2000-01-01T00:00Z is 1999).
    const instantArb = fc
      .date({ min: new Date('2000-01-02T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(
        instantArb,
        fc.integer({ min: 0, max: 100 * 60 }),
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.constantFrom('Europe/Amsterdam', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Kiritimati'),
        (admissionIso, sampleMinutes, dischargeDays, timeZone) => {
          const admission = DateTime.fromISO(admissionIso, { zone: timeZone });
          const sample = admission.plus({ minutes: sampleMinutes });
          const input = {
            icuAdmission: admission.toISO() ?? '',
            day0SampleAt: sample.toISO(),
            hospitalDischarge: dischargeDays === null ? null : sample.plus({ days: dischargeDays }).toISODate(),
            timeZone,
          };
          for (const entry of computeSchedule(visitSchedule.visits, anchors(input))) {
            const values = [entry.earliest, entry.target, entry.latest];
            expect(values.every((v) => v === null) || values.every((v) => v !== null)).toBe(true);
            if (entry.target === null) continue;
            const [earliest, target, latest] = values.map((v) => DateTime.fromISO(v ?? '').toMillis());
            expect(earliest! <= target! && target! <= latest!, JSON.stringify({ input, entry })).toBe(true);
          }
        },
      ),
    );
  });
});

describe('computeSchedule applies any protocol: nothing of NCT07273344 is hard-coded', () => {
  const otherStudy: VisitDefinition[] = [
    {
      code: 'BASE',
      name: 'Baseline',
      precision: 'instant',
      anchor: 'icuAdmission',
      target: { hours: 6 },
      window: { relativeTo: 'target', earliest: { hours: -6 }, latest: { hours: 18 } },
    },
    {
      code: 'W1',
      name: 'Week 1',
      precision: 'date',
      anchor: 'icuAdmission',
      target: { days: 7 },
      window: { relativeTo: 'anchor', earliest: { days: 5 }, latest: { days: 9 } },
    },
    {
      code: 'SAMPLE+12h',
      name: 'Second sample',
      precision: 'instant',
      anchor: 'day0Sample',
      target: { hours: 12 },
      window: { relativeTo: 'anchor', earliest: { hours: 12 }, latest: { hours: 13 } },
    },
    {
      code: 'M1',
      name: 'One month',
      precision: 'date',
      anchor: 'hospitalDischarge',
      target: { months: 1 },
      window: { relativeTo: 'target', earliest: { days: -3 }, latest: { months: 1 } },
    },
  ];

  it('computes its visits with its own windows', () => {
    const entries = computeSchedule(
      otherStudy,
      anchors({
        icuAdmission: '2026-01-30T10:00:00+01:00',
        day0SampleAt: '2026-01-30T22:00:00+01:00',
        hospitalDischarge: '2026-01-31',
        timeZone: 'UTC',
      }),
    );
    expect(entries).toEqual([
      {
        visit: 'BASE',
        applicable: true,
        target: '2026-01-30T15:00:00Z',
        earliest: '2026-01-30T09:00:00Z',
        latest: '2026-01-31T09:00:00Z',
      },
      { visit: 'W1', applicable: true, target: '2026-02-06', earliest: '2026-02-04', latest: '2026-02-08' },
      {
        visit: 'SAMPLE+12h',
        applicable: true,
        target: '2026-01-31T09:00:00Z',
        earliest: '2026-01-31T09:00:00Z',
        latest: '2026-01-31T10:00:00Z',
      },
      // 31 January + 1 month clamps to 28 February; the window then runs a further month (clamped again).
      { visit: 'M1', applicable: true, target: '2026-02-28', earliest: '2026-02-25', latest: '2026-03-28' },
    ]);
  });

  it('31 January + 1 month = 29 February in a leap year', () => {
    const m1 = computeSchedule(
      otherStudy,
      anchors({ icuAdmission: '2028-01-20T10:00:00+01:00', hospitalDischarge: '2028-01-31' }),
    ).find((e) => e.visit === 'M1');
    expect(m1).toMatchObject({ target: '2028-02-29', earliest: '2028-02-26', latest: '2028-03-29' });
  });

  it('applies the same death rules to its visits', () => {
    const entries = computeSchedule(
      otherStudy,
      anchors({ icuAdmission: '2026-01-30T10:00:00+01:00', hospitalDischarge: '2026-01-31', death: '2026-02-02' }),
    );
    expect(entries.map((e) => [e.visit, e.applicable])).toEqual([
      ['BASE', true],
      ['W1', false],
      ['SAMPLE+12h', true],
      ['M1', false],
    ]);
  });
});

describe('scheduleInput', () => {
  const valid = { icuAdmission: '2026-03-02T14:00:00+01:00' };
  const fieldOf = (input: unknown) => {
    const result = scheduleInput.safeParse(input);
    return result.success ? null : result.error.issues[0]?.path.join('.');
  };

  it('defaults: unknown anchors null, time zone Europe/Amsterdam', () => {
    expect(scheduleInput.parse(valid)).toEqual({
      icuAdmission: '2026-03-02T14:00:00+01:00',
      day0SampleAt: null,
      hospitalDischarge: null,
      death: null,
      timeZone: 'Europe/Amsterdam',
    });
  });

  it('names the field of each invalid value', () => {
    for (const [input, field] of [
      [{}, 'icuAdmission'],
      [{ icuAdmission: '2026-03-02T14:00:00' }, 'icuAdmission'],
      [{ icuAdmission: '2026-03-02' }, 'icuAdmission'],
      [{ ...valid, day0SampleAt: '2026-03-02 15:00' }, 'day0SampleAt'],
      [{ ...valid, hospitalDischarge: '2026-02-30' }, 'hospitalDischarge'],
      [{ ...valid, hospitalDischarge: '2026-03-20T10:00:00+01:00' }, 'hospitalDischarge'],
      [{ ...valid, death: '20.03.2026' }, 'death'],
      [{ ...valid, timeZone: 'CET+1' }, 'timeZone'],
      [{ ...valid, timeZone: 'Europe/Atlantis' }, 'timeZone'],
      [{ ...valid, visit: 'D0' }, ''],
      [{ ...valid, hospitalDischarge: '2026-03-01' }, 'hospitalDischarge'],
      [{ ...valid, death: '2026-03-01' }, 'death'],
      [{ ...valid, day0SampleAt: '2026-03-02T13:59:59+01:00' }, 'day0SampleAt'],
      [{ ...valid, day0SampleAt: '2026-03-04T10:00:00+01:00', death: '2026-03-03' }, 'day0SampleAt'],
      [{ ...valid, day0SampleAt: '2026-03-04T10:00:00+01:00', hospitalDischarge: '2026-03-03' }, 'day0SampleAt'],
    ] as const) {
      expect(fieldOf(input), JSON.stringify(input)).toBe(field);
    }
  });

  it('accepts the edges: sample at the admission instant, discharge and death on the admission date', () => {
    expect(
      fieldOf({ ...valid, day0SampleAt: '2026-03-02T13:00:00Z', hospitalDischarge: '2026-03-02', death: '2026-03-02' }),
    ).toBeNull();
  });
});
