import { describe, expect, it } from 'vitest';
import { recruitmentSeries } from './recruitment-series.ts';

const c = (n: number, cell = 'x') => ({ n, cell });
const month = (m: string, siteId: number | null, enrolled: number, cumulative: number) => ({
  month: m,
  siteId,
  enrolled: c(enrolled),
  cumulative: c(cumulative),
});

const answer = {
  asOf: '2027-03-15T10:00:00.000Z',
  target: 400,
  enrolled: c(9),
  sites: [
    { id: 1, code: 'NIJ', name: 'Nijmegen' },
    { id: 2, code: 'AMS', name: 'Amsterdam' },
  ],
  months: [
    month('2027-01', null, 3, 3),
    month('2027-02', null, 4, 7),
    month('2027-03', null, 2, 9),
    month('2027-01', 1, 3, 3),
    month('2027-02', 1, 1, 4),
    month('2027-03', 1, 1, 5),
    month('2027-01', 2, 0, 0),
    month('2027-02', 2, 3, 3),
    month('2027-03', 2, 1, 4),
  ],
  projection: {
    method: 'm',
    ratePerMonth: 3,
    periodFrom: '2027-01-01',
    periodTo: '2027-03-15',
    completionDate: '2037-12-01',
    reached: false,
  },
};

describe('the recruitment chart’s series', () => {
  const codes = (id: number) => (id === 1 ? 'NIJ' : 'AMS');
  const series = recruitmentSeries(answer, codes, 'projection', 'All');

  it('puts each month’s cumulative number at its end, the current month at today, from 0', () => {
    expect(series.total.map((p) => [p.date.toISOString().slice(0, 10), p.cumulative])).toEqual([
      ['2027-01-01', 0],
      ['2027-02-01', 3],
      ['2027-03-01', 7],
      ['2027-03-15', 9],
    ]);
  });

  it('draws a line per site, named by its code', () => {
    expect(series.names).toEqual(['NIJ', 'AMS']);
    expect(new Set(series.total.map((p) => p.name))).toEqual(new Set(['All']));
    expect(series.lines.filter((p) => p.name === 'AMS').map((p) => p.cumulative)).toEqual([0, 0, 3, 4]);
    expect(series.max).toBe(9);
  });

  it('projects from today’s total to the target on the projected day', () => {
    expect(series.projection.map((p) => [p.date.toISOString().slice(0, 10), p.cumulative])).toEqual([
      ['2027-03-15', 9],
      ['2037-12-01', 400],
    ]);
  });

  it('ends the time axis at the completion, or three years from today when that is later', () => {
    expect(series.until?.toISOString().slice(0, 10)).toBe('2030-03-15');
    const soon = { ...answer, projection: { ...answer.projection, completionDate: '2027-09-01' } };
    expect(recruitmentSeries(soon, codes, 'p', 'All').until?.toISOString().slice(0, 10)).toBe('2027-09-01');
    const none = { ...answer, projection: { ...answer.projection, completionDate: null } };
    expect(recruitmentSeries(none, codes, 'p', 'All').until?.toISOString().slice(0, 10)).toBe('2027-03-15');
  });

  it('draws no projection when the target is reached or there is none, and nothing without enrolment', () => {
    const reached = { ...answer, projection: { ...answer.projection, reached: true, completionDate: '2027-03-01' } };
    expect(recruitmentSeries(reached, codes, 'p', 'All').projection).toEqual([]);
    const none = { ...answer, months: [], projection: { ...answer.projection, completionDate: null } };
    expect(recruitmentSeries(none, codes, 'p', 'All')).toMatchObject({ total: [], lines: [], projection: [], max: 0 });
  });
});
