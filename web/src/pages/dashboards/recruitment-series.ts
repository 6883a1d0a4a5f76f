import type { Recruitment } from '../../../../src/features/dashboards/contract.ts';
import { monthStart } from './dashboard-text.ts';

/** The recruitment chart's data from the answer. Pure. */

export interface Point {
  date: Date;
  cumulative: number;
  /** The series: a site's code (or the projection's name). */
  name: string;
}

export interface RecruitmentSeries {
  /** All sites together (the area under the lines), named `totalName`. */
  total: Point[];
  /** One line per site. */
  lines: Point[];
  /** From today's total to the target on the projected day; empty without a projection (or when reached). */
  projection: Point[];
  /**
   * The end of the time axis: the projected completion, but at most three years after today, so that a slow
   * site's curve stays readable (the projection runs on out of the frame; the completion date is in the text).
   */
  until: Date | null;
  /** The highest number drawn (the y axis reaches the larger of it and the target). */
  max: number;
  /** The sites' codes, in the answer's order (the colour scale's domain). */
  names: string[];
  sites: number;
}

function nextMonth(month: string): Date {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/**
 * Each month's cumulative number at the month's end (today for the current month), starting from 0 at the
 * first month's start, so the lines rise from zero at the first enrolment.
 */
export function recruitmentSeries(
  data: Pick<Recruitment, 'asOf' | 'target' | 'enrolled' | 'months' | 'projection' | 'sites'>,
  siteCode: (siteId: number) => string,
  projectionName: string,
  totalName: string,
): RecruitmentSeries {
  const asOf = new Date(data.asOf);
  const at = (month: string) => new Date(Math.min(nextMonth(month).getTime(), asOf.getTime()));
  const series = (rows: Recruitment['months'], name: string): Point[] => {
    const first = rows[0];
    if (first === undefined) return [];
    return [
      { date: monthStart(first.month), cumulative: 0, name },
      ...rows.map((row) => ({ date: at(row.month), cumulative: row.cumulative.n, name })),
    ];
  };
  const total = series(
    data.months.filter((m) => m.siteId === null),
    totalName,
  );
  const names = data.sites.map((s) => siteCode(s.id));
  const lines = data.sites.flatMap((s) =>
    series(
      data.months.filter((m) => m.siteId === s.id),
      siteCode(s.id),
    ),
  );
  const { completionDate, reached } = data.projection;
  const projection =
    completionDate === null || reached || total.length === 0
      ? []
      : [
          { date: asOf, cumulative: data.enrolled.n, name: projectionName },
          { date: new Date(`${completionDate}T00:00:00Z`), cumulative: data.target, name: projectionName },
        ];
  const max = Math.max(0, ...total.map((p) => p.cumulative), ...lines.map((p) => p.cumulative));
  const horizon = Date.UTC(asOf.getUTCFullYear() + 3, asOf.getUTCMonth(), asOf.getUTCDate());
  const end = projection[1]?.date.getTime();
  const until = total.length === 0 ? null : new Date(Math.min(end ?? asOf.getTime(), horizon));
  return { total, lines, projection, until, max, names, sites: data.sites.length };
}
