import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from '../csv.ts';
import { InputError } from '../../core/errors.ts';
import { causesOf, cumulativeIncidence } from './cumulative-incidence.ts';
import { kaplanMeier } from './kaplan-meier.ts';

/** One case of test/fixtures/stats/expected/cif-cuminc.json (written by test/fixtures/stats/competing-risks.R). */
interface RCurve {
  group: string | null;
  cause: number;
  n: number;
  events: number;
  time: number[];
  estimate: number[];
  variance: number[];
  ajEstimate: number[];
}
interface RCase {
  name: string;
  file: string;
  time: string;
  status: string;
  group: string | null;
  strata: string | null;
  dropped: number;
  causes: number[];
  groups: RCurve[];
}
const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('expected/cif-cuminc.json', fixtures), 'utf8')) as RCase[];

/** Complete rows of the case's used columns; "sim-abc" is the simulation without arm D (R's subset()). */
function subjects(c: RCase) {
  const table = parseCsv(readFileSync(new URL(`data/${c.file}`, fixtures), 'utf8'));
  const time = numericColumn(table, c.time);
  const status = numericColumn(table, c.status);
  const group = c.group === null ? null : table.column(c.group);
  const strata = c.strata === null ? null : table.column(c.strata);
  const rows = [...time.keys()].filter(
    (i) =>
      !Number.isNaN(time[i]!) &&
      !Number.isNaN(status[i]!) &&
      (group === null || (group[i] !== null && !(c.name === 'sim-abc' && group[i] === 'D'))) &&
      (strata === null || strata[i] !== null),
  );
  return {
    time: Float64Array.from(rows, (i) => time[i]!),
    status: Int32Array.from(rows, (i) => status[i]!),
    group: rows.map((i) => group?.[i] ?? null),
    strata: rows.map((i) => strata?.[i] ?? null),
  };
}

/** Absolute error for values of at most 1, relative above. */
const TOL = 1e-9;
function expectClose(ours: Float64Array, r: number[], what: string): number {
  expect(ours.length, what).toBe(r.length);
  let worst = 0;
  r.forEach((expected, i) => {
    const error = Math.abs(ours[i]! - expected) / Math.max(1, Math.abs(expected));
    expect(error, `${what}[${i}]: ${ours[i]} vs R ${expected}`).toBeLessThan(TOL);
    worst = Math.max(worst, error);
  });
  return worst;
}

describe('cumulativeIncidence against R cmprsk::cuminc and survival::survfit (Aalen–Johansen)', () => {
  for (const c of cases.filter((x) => x.strata === null)) {
    it(`${c.name}: jump times, estimate, delta-method variance; estimate = survfit's pstate`, () => {
      const data = subjects(c);
      expect(causesOf(data.status)).toEqual(c.causes);
      for (const r of c.groups) {
        const members = [...data.time.keys()].filter((i) => r.group === null || data.group[i] === r.group);
        const [curve] = cumulativeIncidence(
          Float64Array.from(members, (i) => data.time[i]!),
          Int32Array.from(members, (i) => data.status[i]!),
          [r.cause],
        );
        const what = `${c.name} ${r.group} cause ${r.cause}`;
        expect([curve!.n, curve!.events], what).toEqual([r.n, r.events]);
        expect(Array.from(curve!.time), what).toEqual(r.time);
        expectClose(curve!.estimate, r.estimate, `${what} estimate`);
        expectClose(curve!.estimate, r.ajEstimate, `${what} vs survfit`);
        expectClose(curve!.variance, r.variance, `${what} variance`);
      }
    });
  }

  it('covers an arm whose overall survival reaches 0 (sim arm D) and time-0 events', () => {
    const d = cases.find((c) => c.name === 'sim-arm')!.groups.filter((g) => g.group === 'D');
    expect(d.map((g) => g.events)).toEqual([2, 2, 1]);
    expect(cases.find((c) => c.name === 'sim-all')!.groups[0]!.time[0]).toBe(0);
  });

  it('computes a small example by hand', () => {
    // 1 (cause 1), 2 (cause 2), 2 (censored), 3 (cause 1), 4 (censored): F1(1) = 1/5, S(1) = 4/5;
    // F2(2) = 4/5 · 1/4 = 1/5, S(2) = 3/5; at 3 two are at risk: F1(3) = 1/5 + 3/5 · 1/2 = 1/2.
    const [f1, f2] = cumulativeIncidence(Float64Array.of(1, 2, 2, 3, 4), Int32Array.of(1, 2, 0, 1, 0));
    expect(Array.from(f1!.time)).toEqual([1, 3]);
    expect(Array.from(f1!.nRisk)).toEqual([5, 2]);
    expect(Array.from(f1!.nEvent)).toEqual([1, 1]);
    expect(f1!.estimate[0]).toBeCloseTo(0.2, 15);
    expect(f1!.estimate[1]).toBeCloseTo(0.5, 15);
    expect(Array.from(f2!.time)).toEqual([2]);
    expect(f2!.estimate[0]).toBeCloseTo(0.2, 15);
    // First jump: only its own term, S(u−)²/r² · [1 − (F(t) − F(u))/S(u)]² = 1/25.
    expect(f1!.variance[0]).toBeCloseTo(1 / 25, 15);
    // At 3: the first event's term [1 − (1/2 − 1/5)/(4/5)]²/25, the competing event at 2
    // [(1/2 − 1/5)/(3/5)]² (4/5)²/16, and the second event's own term (3/5)²/4 · [1 − 0]².
    const expected = (1 - 0.3 / 0.8) ** 2 / 25 + (0.3 / 0.6) ** 2 * (0.64 / 16) + 0.36 / 4;
    expect(f1!.variance[1]).toBeCloseTo(expected, 14);
  });

  it('gives an empty curve for a cause absent from the subjects, and rejects invalid input', () => {
    const [absent] = cumulativeIncidence(Float64Array.of(1, 2), Int32Array.of(1, 0), [2]);
    expect([absent!.time.length, absent!.events, absent!.n]).toEqual([0, 0, 2]);
    expect(() => cumulativeIncidence(Float64Array.of(-1), Int32Array.of(1))).toThrow(InputError);
    expect(() => cumulativeIncidence(Float64Array.of(Number.NaN), Int32Array.of(1))).toThrow(/finite/);
    expect(() => cumulativeIncidence(Float64Array.of(1), Float64Array.of(1.5))).toThrow(/status/);
    expect(() => cumulativeIncidence(Float64Array.of(1), Float64Array.of(-1))).toThrow(/status/);
    expect(() => cumulativeIncidence(Float64Array.of(1, 2), Int32Array.of(1))).toThrow(/status has 1/);
    expect(() => cumulativeIncidence(Float64Array.of(1), Int32Array.of(1), [0])).toThrow(/cause 0/);
  });
});

/** F at time t from a curve's jumps (0 before the first). */
function at(curve: { time: Float64Array; estimate: Float64Array }, t: number): number {
  let value = 0;
  curve.time.forEach((u, i) => {
    if (u <= t) value = curve.estimate[i]!;
  });
  return value;
}

const sample = fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 3 })), {
  minLength: 1,
  maxLength: 60,
});

describe('cumulativeIncidence invariants (property)', () => {
  it('Σ over causes of F_c + overall Kaplan–Meier S = 1 at every time; F non-decreasing; variance ≥ 0', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const time = Float64Array.from(rows, (r) => r[0]);
        const status = Int32Array.from(rows, (r) => r[1]);
        const curves = cumulativeIncidence(time, status);
        const km = kaplanMeier(
          time,
          Uint8Array.from(status, (s) => (s > 0 ? 1 : 0)),
        );
        km.time.forEach((t, j) => {
          const total = curves.reduce((sum, c) => sum + at(c, t), 0) + km.survival[j]!;
          expect(Math.abs(total - 1)).toBeLessThan(1e-12);
        });
        for (const c of curves) {
          c.estimate.forEach((f, i) => {
            expect(f).toBeGreaterThan(i === 0 ? 0 : c.estimate[i - 1]!);
            expect(f).toBeLessThanOrEqual(1 + 1e-12);
          });
          c.variance.forEach((v) => expect(v).toBeGreaterThanOrEqual(-1e-15));
        }
      }),
    );
  });

  it('with one cause, F = 1 − Kaplan–Meier and its variance is Greenwood-like, and row order does not matter', () => {
    fc.assert(
      fc.property(sample, fc.integer(), (rows, seed) => {
        const time = Float64Array.from(rows, (r) => r[0]);
        const status = Int32Array.from(rows, (r) => (r[1] > 0 ? 1 : 0));
        const [curve] = cumulativeIncidence(time, status, [1]);
        const km = kaplanMeier(time, Uint8Array.from(status));
        curve!.time.forEach((t, i) => {
          const j = km.time.indexOf(t);
          expect(Math.abs(curve!.estimate[i]! - (1 - km.survival[j]!))).toBeLessThan(1e-12);
        });
        const perm = [...time.keys()].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const [shuffled] = cumulativeIncidence(
          Float64Array.from(perm, (i) => time[i]!),
          Int32Array.from(perm, (i) => status[i]!),
          [1],
        );
        expect(Array.from(shuffled!.estimate)).toEqual(Array.from(curve!.estimate));
        expect(Array.from(shuffled!.variance)).toEqual(Array.from(curve!.variance));
      }),
    );
  });
});
