import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { kaplanMeier, numberAtRisk, survivalQuantile } from './kaplan-meier.ts';

/** One survfit case of test/fixtures/stats/expected/survival-km.json (written by test/fixtures/stats/survival.R). */
interface RGroup {
  group: string | null;
  n: number;
  events: number;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  se: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  atRiskAtTimes: number[];
}
interface RCase {
  name: string;
  time: string;
  event: string;
  group: string | null;
  times: number[];
  dropped: number;
  groups: RGroup[];
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/survival-km.json', fixtures), 'utf8')) as RCase[];

/** The subjects of one R group: rows complete in the used columns whose group cell is R's level. */
function subjects(c: RCase, label: string | null) {
  const table = parseCsv(readFileSync(new URL(`data/survival-${c.name.split('-')[0]}.csv`, fixtures), 'utf8'));
  const time = numericColumn(table, c.time);
  const event = numericColumn(table, c.event);
  const group = c.group === null ? null : table.column(c.group);
  const rows = [...time.keys()].filter(
    (i) => !Number.isNaN(time[i]!) && !Number.isNaN(event[i]!) && (group === null || group[i] === label),
  );
  return { time: Float64Array.from(rows, (i) => time[i]!), event: Uint8Array.from(rows, (i) => event[i]!) };
}

/** R's NA, NaN and Inf arrive as null; ours must be non-finite there and within tolerance elsewhere. */
const TOL = 1e-9;
function expectClose(ours: Float64Array, r: (number | null)[], what: string): number {
  expect(ours.length, what).toBe(r.length);
  let worst = 0;
  r.forEach((expected, i) => {
    const actual = ours[i]!;
    if (expected === null) return void expect(Number.isFinite(actual), `${what}[${i}] is NA in R`).toBe(false);
    // Absolute for values of at most 1 (survival, limits), relative above (times, standard errors).
    const error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
    expect(error, `${what}[${i}]: ${actual} vs R ${expected}`).toBeLessThan(TOL);
    worst = Math.max(worst, error);
  });
  return worst;
}

describe('kaplanMeier against R survfit(conf.type = "log-log") on lung, veteran, colon and simulated data', () => {
  for (const c of cases) {
    it(`${c.name}: curve, Greenwood se, log-log limits, median with CI, number at risk`, () => {
      expect(c.groups.length).toBeGreaterThan(0);
      for (const g of c.groups) {
        const { time, event } = subjects(c, g.group);
        const curve = kaplanMeier(time, event);
        const what = `${c.name} ${g.group ?? ''}`;
        expect([curve.n, curve.events]).toEqual([g.n, g.events]);
        expectClose(curve.time, g.time, `${what} time`);
        expect(Array.from(curve.nRisk)).toEqual(g.nRisk);
        expect(Array.from(curve.nEvent)).toEqual(g.nEvent);
        expect(Array.from(curve.nCensor)).toEqual(g.nCensor);
        expectClose(curve.survival, g.survival, `${what} survival`);
        expectClose(curve.se, g.se, `${what} se`);
        expectClose(curve.lower, g.lower, `${what} lower`);
        expectClose(curve.upper, g.upper, `${what} upper`);
        const medians = Float64Array.of(curve.median, curve.medianLower, curve.medianUpper);
        expectClose(medians, [g.median, g.medianLower, g.medianUpper], `${what} median`);
        expect(Array.from(numberAtRisk(time, Float64Array.from(c.times)))).toEqual(g.atRiskAtTimes);
      }
    });
  }

  it('covers the hard cases: a curve reaching 0, medians halfway between two times, medians not reached', () => {
    const all = cases.flatMap((c) => c.groups);
    expect(all.some((g) => g.survival.at(-1) === 0 && g.se.at(-1) === null)).toBe(true);
    expect(all.some((g) => g.median !== null && !Number.isInteger(g.median))).toBe(true);
    expect(all.some((g) => g.median === null)).toBe(true);
    expect(all.some((g) => g.time[0] === 0)).toBe(true);
  });
});

describe('kaplanMeier by hand and by property', () => {
  it('computes a small example: censored subjects stay at risk at their own time', () => {
    const curve = kaplanMeier(Float64Array.of(1, 2, 2, 3, 4, 5, 5), Uint8Array.of(1, 1, 0, 1, 0, 1, 1));
    expect(Array.from(curve.time)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(curve.nRisk)).toEqual([7, 6, 4, 3, 2]);
    expect(curve.survival[2]).toBeCloseTo((6 / 7) * (5 / 6) * (3 / 4), 15);
    expect(curve.survival[4]).toBe(0);
    expect(curve.se[4]).toBe(Number.POSITIVE_INFINITY);
    expect(curve.median).toBe(5);
  });

  it('leaves the median and limits undefined for an all-censored sample', () => {
    const curve = kaplanMeier(Float64Array.of(3, 1, 2), Uint8Array.of(0, 0, 0));
    expect(Array.from(curve.survival)).toEqual([1, 1, 1]);
    expect(Number.isNaN(curve.lower[0]!) && Number.isNaN(curve.upper[2]!)).toBe(true);
    expect(curve.median).toBeNaN();
  });

  it('follows quantile.survfit when the curve sits exactly on 1 − p', () => {
    // S = 0.5 from t = 2 until the next drop at t = 6: the median is the midpoint 4.
    expect(survivalQuantile(Float64Array.of(2, 4, 6), Float64Array.of(0.5, 0.5, 0.25), 0.5)).toBe(4);
    // Flat at 0.5 until the end of follow-up (t = 9): the midpoint with the last time.
    expect(survivalQuantile(Float64Array.of(2, 9), Float64Array.of(0.5, 0.5), 0.5)).toBe(5.5);
  });

  it('rejects negative or non-finite times and event codes other than 0/1', () => {
    expect(() => kaplanMeier(Float64Array.of(-1), Uint8Array.of(1))).toThrow(InputError);
    expect(() => kaplanMeier(Float64Array.of(Number.NaN), Uint8Array.of(1))).toThrow(/finite/);
    expect(() => kaplanMeier(Float64Array.of(1), Uint8Array.of(2))).toThrow(/0 or 1/);
    expect(() => kaplanMeier(Float64Array.of(1, 2), Uint8Array.of(1))).toThrow(InputError);
  });

  it('never rises, keeps its limits around it, and does not depend on row order (property)', () => {
    const sample = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), {
      minLength: 1,
      maxLength: 60,
    });
    fc.assert(
      fc.property(sample, (rows) => {
        const curve = kaplanMeier(
          Float64Array.from(rows, (r) => r[0]),
          Uint8Array.from(rows, (r) => r[1]),
        );
        const reversed = [...rows].reverse();
        const again = kaplanMeier(
          Float64Array.from(reversed, (r) => r[0]),
          Uint8Array.from(reversed, (r) => r[1]),
        );
        expect(Array.from(again.survival)).toEqual(Array.from(curve.survival));
        curve.survival.forEach((s, j) => {
          if (j > 0) expect(s).toBeLessThanOrEqual(curve.survival[j - 1]!);
          if (Number.isFinite(curve.lower[j]!)) {
            expect(curve.lower[j]!).toBeLessThanOrEqual(s + 1e-15);
            expect(curve.upper[j]!).toBeGreaterThanOrEqual(s - 1e-15);
          }
        });
        expect(curve.nRisk[0]).toBe(rows.length);
      }),
    );
  });
});
