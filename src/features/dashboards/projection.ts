import { DateTime } from 'luxon';

/**
 * When recruitment reaches its target: the mean daily rate over the last 6 months (from the first enrolment
 * when that is later), carried forward from today. Six months smooth out the seasons and holidays of one
 * month but follow a site that opened or closed; a linear projection is what a steering committee reads.
 * Pure: the caller passes today.
 */
export const projectionMethod =
  'mean enrolment rate of the last 6 months (from the first enrolment if later), carried forward from today';

export interface Projection {
  method: string;
  ratePerMonth: number | null;
  periodFrom: string | null;
  periodTo: string | null;
  completionDate: string | null;
  reached: boolean;
}

const daysPerMonth = 365.25 / 12;

/** `enrolledOn`: the enrolment dates (YYYY-MM-DD, any order); `today`: YYYY-MM-DD. */
export function projectCompletion(enrolledOn: readonly string[], target: number, today: string): Projection {
  const dates = [...enrolledOn].sort();
  const none = { method: projectionMethod, ratePerMonth: null, periodFrom: null, periodTo: null };
  if (dates.length >= target && target > 0) {
    return { ...none, completionDate: dates[target - 1] ?? null, reached: true };
  }
  const first = dates[0];
  if (first === undefined) return { ...none, completionDate: null, reached: false };
  const end = DateTime.fromISO(today, { zone: 'utc' });
  const sixMonthsBack = end.minus({ months: 6 });
  const firstDay = DateTime.fromISO(first, { zone: 'utc' });
  const start = firstDay > sixMonthsBack ? firstDay : sixMonthsBack;
  const from = start.toISODate() ?? first;
  // Enrolments on `from` count when it is the first enrolment's day (the period starts with it), not when it
  // is six months back (that day belongs to the period before).
  const inPeriod = dates.filter((d) => (start === firstDay ? d >= from : d > from) && d <= today).length;
  const days = Math.max(1, end.diff(start, 'days').days);
  const perDay = inPeriod / days;
  const period = { method: projectionMethod, periodFrom: from, periodTo: today };
  if (perDay === 0) return { ...period, ratePerMonth: 0, completionDate: null, reached: false };
  const remaining = target - dates.length;
  const completion = end.plus({ days: Math.ceil(remaining / perDay) }).toISODate();
  return {
    ...period,
    ratePerMonth: Math.round(perDay * daysPerMonth * 10) / 10,
    completionDate: completion,
    reached: false,
  };
}

/** Every month (YYYY-MM) from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let at = DateTime.fromISO(`${first}-01`, { zone: 'utc' });
  const end = DateTime.fromISO(`${last}-01`, { zone: 'utc' });
  while (at <= end) {
    months.push(at.toFormat('yyyy-MM'));
    at = at.plus({ months: 1 });
  }
  return months;
}
