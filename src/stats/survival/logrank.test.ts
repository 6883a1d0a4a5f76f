import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { logRank } from './logrank.ts';

interface RTest {
  name: string;
  time: string;
  event: string;
  group: string | null;
  strata?: string;
  chisq: number;
  df: number;
  p: number;
  observed: number[];
  expected: number[];
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const read = <T>(file: string) => JSON.parse(readFileSync(new URL(`expected/${file}`, fixtures), 'utf8')) as T;
const unstratified = read<{ name: string; time: string; event: string; group: string | null; logrank: RTest | null }[]>(
  'survival-km.json',
)
  .filter((c) => c.logrank !== null)
  .map((c) => ({ ...c.logrank!, name: c.name, time: c.time, event: c.event, group: c.group }));
const stratified = read<RTest[]>('survival-logrank-stratified.json');

/** Codes a label column as R's factor does: sorted levels (numerically when every label is a number). */
function codes(cells: readonly (string | null)[]): { index: Int32Array; levels: string[] } {
  const labels = [...new Set(cells.filter((c): c is string => c !== null))];
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  const levels = labels.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  return { index: Int32Array.from(cells, (c) => (c === null ? -1 : levels.indexOf(c))), levels };
}

function load(t: RTest) {
  const table = parseCsv(readFileSync(new URL(`data/survival-${t.name.split('-')[0]}.csv`, fixtures), 'utf8'));
  const time = numericColumn(table, t.time);
  const event = numericColumn(table, t.event);
  const group = codes(table.column(t.group!));
  const strata = t.strata === undefined ? null : codes(table.column(t.strata));
  const rows = [...time.keys()].filter(
    (i) => !Number.isNaN(event[i]!) && group.index[i]! >= 0 && (strata === null || strata.index[i]! >= 0),
  );
  return {
    time: Float64Array.from(rows, (i) => time[i]!),
    event: Uint8Array.from(rows, (i) => event[i]!),
    group: Int32Array.from(rows, (i) => group.index[i]!),
    k: group.levels.length,
    strata: strata === null ? undefined : Int32Array.from(rows, (i) => strata.index[i]!),
  };
}

/** Statistics within 1e-6 (absolute, or relative above 1); p relative 1e-6 so that tiny p-values count. */
function expectMatchesR(t: RTest): void {
  const d = load(t);
  const result = logRank(d.time, d.event, d.group, d.k, d.strata);
  const close = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
  expect(close(result.chisq, t.chisq), `chisq ${result.chisq} vs R ${t.chisq}`).toBeLessThan(1e-6);
  expect(result.df).toBe(t.df);
  expect(Math.abs(result.p - t.p) / t.p, `p ${result.p} vs R ${t.p}`).toBeLessThan(1e-6);
  t.observed.forEach((o, g) => expect(result.observed[g]).toBe(o));
  t.expected.forEach((e, g) => expect(close(result.expected[g]!, e)).toBeLessThan(1e-6));
}

describe('logRank against R survdiff', () => {
  for (const t of unstratified) it(`${t.name}: k groups`, () => expectMatchesR(t));
  for (const t of stratified) it(`${t.name}: stratified`, () => expectMatchesR(t));

  it('covers 2, 3 and 4 groups and very small p-values', () => {
    expect(new Set([...unstratified, ...stratified].map((t) => t.df))).toEqual(new Set([1, 2, 3]));
    expect(Math.min(...stratified.map((t) => t.p))).toBeLessThan(1e-8);
  });
});

describe('logRank properties', () => {
  const sample = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })),
    { minLength: 8, maxLength: 80 },
  );
  it('does not depend on how groups are numbered or rows ordered', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const run = (rs: typeof rows, relabel: (g: number) => number) => {
          try {
            return logRank(
              Float64Array.from(rs, (r) => r[0]),
              Uint8Array.from(rs, (r) => r[1]),
              Int32Array.from(rs, (r) => relabel(r[2])),
              3,
            ).chisq;
          } catch (error) {
            if (error instanceof InputError) return Number.NaN;
            throw error;
          }
        };
        const base = run(rows, (g) => g);
        const other = run([...rows].reverse(), (g) => 2 - g);
        if (Number.isNaN(base)) return;
        expect(Math.abs(other - base)).toBeLessThan(1e-9 * Math.max(1, base));
        expect(base).toBeGreaterThanOrEqual(-1e-12);
      }),
    );
  });

  it('gives chisq 0 when the groups are copies of each other', () => {
    const t = Float64Array.of(1, 2, 3, 4, 1, 2, 3, 4);
    const e = Uint8Array.of(1, 0, 1, 1, 1, 0, 1, 1);
    const result = logRank(t, e, Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1), 2);
    expect(result.chisq).toBeCloseTo(0, 14);
    expect(result.p).toBeCloseTo(1, 12);
  });

  it('needs two groups with subjects at risk at an event time', () => {
    const t = Float64Array.of(1, 2, 3);
    expect(() => logRank(t, Uint8Array.of(1, 0, 1), Int32Array.of(0, 0, 0), 1)).toThrow(/at least 2 groups/);
    expect(() => logRank(t, Uint8Array.of(1, 0, 1), Int32Array.of(0, 3, 0), 2)).toThrow(InputError);
  });
});
