import { describe, expect, it } from 'vitest';
import { visitSchedule } from './nct07273344/visits.ts';
import { computeSchedule, scheduleInput } from './schedule.ts';
import { visitStatus, type RecordedVisit } from './visit-status.ts';

/**
 * Visit statuses (study-protocol.md): not yet due, due (window open), overdue (closed, nothing recorded), done
 * in or out of window, missed, not applicable. Windows are inclusive, in Europe/Amsterdam.
 */
const zone = 'Europe/Amsterdam';
const definitions = visitSchedule.visits;

function statusAt(
  visit: string,
  now: string,
  anchors: Record<string, unknown>,
  recorded: RecordedVisit | null = null,
  followUpStoppedOn: string | null = null,
) {
  const parsed = scheduleInput.parse({ timeZone: zone, ...anchors });
  const index = definitions.findIndex((d) => d.code === visit);
  const entry = computeSchedule(definitions, parsed)[index]!;
  return visitStatus({ definition: definitions[index]!, entry, recorded, now, timeZone: zone, followUpStoppedOn });
}

const admitted = { icuAdmission: '2026-03-01T22:00:00+01:00' };

describe('D0: the 48 hours after admission, to the second', () => {
  it('is due from admission until exactly 48 h later, then overdue', () => {
    expect(statusAt('D0', '2026-03-01T21:59:59+01:00', admitted)).toBe('not_yet_due');
    expect(statusAt('D0', '2026-03-01T22:00:00+01:00', admitted)).toBe('due');
    expect(statusAt('D0', '2026-03-03T22:00:00+01:00', admitted)).toBe('due');
    expect(statusAt('D0', '2026-03-03T22:00:01+01:00', admitted)).toBe('overdue');
  });

  it('counts 48 real hours across the spring DST change (the window closes at 23:00 local time)', () => {
    const beforeDst = { icuAdmission: '2026-03-28T22:00:00+01:00' };
    expect(statusAt('D0', '2026-03-30T23:00:00+02:00', beforeDst)).toBe('due');
    expect(statusAt('D0', '2026-03-30T23:00:01+02:00', beforeDst)).toBe('overdue');
  });

  it('is done in window at its last second and out of window one second later', () => {
    const at = (occurredAt: string) =>
      statusAt('D0', '2026-03-10T12:00:00+01:00', admitted, { outcome: 'done', occurredAt });
    expect(at('2026-03-03T22:00:00+01:00')).toBe('done_in_window');
    expect(at('2026-03-03T22:00:01+01:00')).toBe('done_out_of_window');
  });
});

describe('dated visits compare calendar days in the site time zone', () => {
  const sampled = { ...admitted, day0SampleAt: '2026-03-02T09:30:00+01:00' };

  it('D3 is due on each day of D0 + 3 ± 1 and overdue the day after', () => {
    expect(statusAt('D3', '2026-03-03T23:59:59+01:00', sampled)).toBe('not_yet_due');
    expect(statusAt('D3', '2026-03-04T00:00:00+01:00', sampled)).toBe('due');
    expect(statusAt('D3', '2026-03-06T23:59:59+01:00', sampled)).toBe('due');
    expect(statusAt('D3', '2026-03-07T00:00:00+01:00', sampled)).toBe('overdue');
  });

  it('reads a visit done late in the evening by its Amsterdam date, not its UTC date', () => {
    // 2026-03-06 23:30 in Amsterdam is 22:30 UTC the same day; 00:30 on the 7th is still the 6th in UTC.
    const done = (occurredAt: string) =>
      statusAt('D3', '2026-03-20T12:00:00+01:00', sampled, { outcome: 'done', occurredAt });
    expect(done('2026-03-06T22:30:00Z')).toBe('done_in_window');
    expect(done('2026-03-06T23:30:00Z')).toBe('done_out_of_window');
  });

  it('M3 after a discharge on 30 November closes on the clamped end of February + 14 days', () => {
    const discharged = { icuAdmission: '2026-11-20T10:00:00+01:00', hospitalDischarge: '2026-11-30' };
    // 30 Nov + 3 months = 28 Feb 2027 (clamped, not 2 March); window to 14 March.
    expect(statusAt('M3', '2027-03-14T23:00:00+01:00', discharged)).toBe('due');
    expect(statusAt('M3', '2027-03-15T00:00:00+01:00', discharged)).toBe('overdue');
  });

  it('M12 after a discharge on the leap day targets 28 February of the next year', () => {
    const leap = { icuAdmission: '2028-02-20T10:00:00+01:00', hospitalDischarge: '2028-02-29' };
    expect(statusAt('M12', '2029-02-14T12:00:00+01:00', leap)).toBe('due');
    expect(statusAt('M12', '2029-02-13T12:00:00+01:00', leap)).toBe('not_yet_due');
  });
});

describe('what the anchors and the records make of a visit', () => {
  it('is not yet due while its anchor is unknown, however late it is', () => {
    expect(statusAt('DIS', '2027-01-01T12:00:00+01:00', admitted)).toBe('not_yet_due');
  });

  it('is not applicable after death in hospital, unless it was done', () => {
    const died = { ...admitted, death: '2026-03-04' };
    expect(statusAt('M3', '2026-03-05T12:00:00+01:00', died)).toBe('not_applicable');
    expect(statusAt('DIS', '2026-03-05T12:00:00+01:00', died)).toBe('not_applicable');
  });

  it('is missed when recorded as missed, whatever the window', () => {
    expect(statusAt('D0', '2026-03-02T12:00:00+01:00', admitted, { outcome: 'missed' })).toBe('missed');
  });

  it('after follow-up stops, owes no later visit, but a window that closed before stays overdue', () => {
    const discharged = { ...admitted, day0SampleAt: '2026-03-02T09:30:00+01:00', hospitalDischarge: '2026-03-10' };
    const now = '2026-04-01T12:00:00+02:00';
    expect(statusAt('D3', now, discharged, null, '2026-03-20')).toBe('overdue');
    expect(statusAt('M3', now, discharged, null, '2026-03-20')).toBe('not_applicable');
    expect(statusAt('DIS', now, admitted, null, '2026-03-20')).toBe('not_applicable');
  });
});
