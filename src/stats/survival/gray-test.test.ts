import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { grayTest } from './gray-test.ts';

/** The Gray's-test part of test/fixtures/stats/expected/cif-cuminc.json (see competing-risks.R). */
interface RTest {
  cause: number;
  stat: number | null;
  df: number;
  /** cuminc's p-value, 1 − pchisq(stat, df), and the upper tail computed without cancellation. */
  pv: number;
  p: number | null;
}
interface RCase {
  name: string;
  file: string;
  time: string;
  status: string;
  group: string | null;
  strata: string | null;
  causes: number[];
  gray: RTest[] | null;
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/cif-cuminc.json', fixtures), 'utf8')) as RCase[];

/** Complete rows; groups and strata as indices in R's factor order (labels sorted by code point). */
function subjects(c: RCase) {
  const table = parseCsv(readFileSync(new URL(`data/${c.file}`, fixtures), 'utf8'));
  const time = numericColumn(table, c.time);
  const status = numericColumn(table, c.status);
  const group = table.column(c.group!);
  const strata = c.strata === null ? null : table.column(c.strata);
  const rows = [...time.keys()].filter(
    (i) =>
      !Number.isNaN(time[i]!) &&
      !Number.isNaN(status[i]!) &&
      group[i] !== null &&
      !(c.name === 'sim-abc' && group[i] === 'D') &&
      (strata === null || strata[i] !== null),
  );
  const index = (cells: readonly (string | null)[]) => {
    const labels = [...new Set(rows.map((i) => cells[i]!))].sort();
    return { labels, codes: Int32Array.from(rows, (i) => labels.indexOf(cells[i]!)) };
  };
  const groups = index(group);
  return {
    time: Float64Array.from(rows, (i) => time[i]!),
    status: Int32Array.from(rows, (i) => status[i]!),
    group: groups.codes,
    groupCount: groups.labels.length,
    strata: strata === null ? undefined : index(strata).codes,
  };
}

describe("grayTest against R cmprsk::cuminc (Gray's test per cause)", () => {
  for (const c of cases.filter((x) => x.gray !== null)) {
    it(`${c.name}: stat and p within 1e-6, df${c.name === 'singular' ? ' (singular covariance)' : ''}`, () => {
      const d = subjects(c);
      for (const r of c.gray!) {
        const test = grayTest(d.time, d.status, d.group, d.groupCount, r.cause, { strata: d.strata });
        expect(test.df).toBe(r.df);
        if (r.stat === null) {
          // cuminc: stat −1 and p 1 for a singular covariance; ours: NaN.
          expect([r.pv, Number.isNaN(test.stat), Number.isNaN(test.p)]).toEqual([1, true, true]);
          continue;
        }
        expect(Math.abs(test.stat - r.stat), `cause ${r.cause} stat ${test.stat} vs ${r.stat}`).toBeLessThan(1e-6);
        expect(Math.abs(test.p - r.pv), `cause ${r.cause} p vs cuminc`).toBeLessThan(1e-6);
        expect(Math.abs(test.p - r.p!) / r.p!, `cause ${r.cause} p relative`).toBeLessThan(1e-6);
      }
    });
  }

  it('rejects invalid input', () => {
    const t = Float64Array.of(1, 2, 3);
    const s = Int32Array.of(1, 2, 0);
    const g = Int32Array.of(0, 1, 1);
    expect(() => grayTest(t, s, g, 1, 1)).toThrow(/at least 2 groups/);
    expect(() => grayTest(t, s, Int32Array.of(0, 2, 1), 2, 1)).toThrow(InputError);
    expect(() => grayTest(t, s, Int32Array.of(0, 1), 2, 1)).toThrow(/group has 2 values/);
    expect(() => grayTest(t, s, g, 2, 0)).toThrow(/cause 0/);
    expect(() => grayTest(Float64Array.of(1, -2, 3), s, g, 2, 1)).toThrow(/not negative/);
    expect(() => grayTest(t, s, g, 2, 1, { strata: Int32Array.of(0) })).toThrow(/strata has 1/);
  });
});

const sample = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  { minLength: 12, maxLength: 60 },
);

describe('grayTest invariants (property)', () => {
  it('does not depend on the labelling of the groups; one stratum is the unstratified test', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const time = Float64Array.from(rows, (r) => r[0]);
        const status = Int32Array.from(rows, (r) => r[1]);
        const group = Int32Array.from(rows, (r) => r[2]);
        const counts = [0, 1, 2].map((g) => group.filter((x) => x === g).length);
        if (counts.some((c) => c === 0) || !status.includes(1)) return;
        const test = grayTest(time, status, group, 3, 1);
        const relabelled = grayTest(
          time,
          status,
          group.map((g) => (g + 1) % 3),
          3,
          1,
        );
        const oneStratum = grayTest(time, status, group, 3, 1, { strata: new Int32Array(rows.length).fill(4) });
        if (Number.isNaN(test.stat)) return;
        expect(Math.abs(relabelled.stat - test.stat)).toBeLessThan(1e-8 * Math.max(1, test.stat));
        expect(oneStratum.stat).toBe(test.stat);
        expect(test.p).toBeGreaterThanOrEqual(0);
        expect(test.p).toBeLessThanOrEqual(1);
      }),
    );
  });
});
