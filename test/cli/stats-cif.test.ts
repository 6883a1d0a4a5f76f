import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { septype } from '../support/septype-cli.ts';

const fixtures = new URL('../fixtures/stats/', import.meta.url);
const data = (name: string) => new URL(`data/${name}`, fixtures).pathname;

interface CifCurve {
  group: string | null;
  cause: number;
  n: number;
  events: number;
  time: number[];
  atRisk: number[];
  nEvent: number[];
  estimate: number[];
  variance: number[];
}
interface GrayRow {
  cause: number;
  stat: number | null;
  df: number;
  p: number | null;
}
interface CifOutput {
  causes: number[];
  groups: CifCurve[];
  gray: GrayRow[] | null;
  dropped: number;
}
interface RCase {
  name: string;
  dropped: number;
  causes: number[];
  groups: (Omit<CifCurve, 'atRisk' | 'nEvent'> & { ajEstimate: number[] })[];
  gray: { cause: number; stat: number; df: number; pv: number }[] | null;
}
const cases = JSON.parse(readFileSync(new URL('expected/cif-cuminc.json', fixtures), 'utf8')) as RCase[];
const rCase = (name: string) => cases.find((c) => c.name === name)!;

function expectNumbers(ours: number[], r: number[], what: string): void {
  expect(ours.length, what).toBe(r.length);
  r.forEach((expected, i) =>
    expect(Math.abs(ours[i]! - expected) / Math.max(1, Math.abs(expected)), `${what}[${i}]`).toBeLessThan(1e-9),
  );
}

function expectMatchesR(output: CifOutput, r: RCase): void {
  expect(output.dropped).toBe(r.dropped);
  expect(output.causes).toEqual(r.causes);
  expect(output.groups.map((g) => [g.group, g.cause, g.n, g.events])).toEqual(
    r.groups.map((g) => [g.group, g.cause, g.n, g.events]),
  );
  output.groups.forEach((g, k) => {
    const e = r.groups[k]!;
    const what = `${r.name} ${g.group} cause ${g.cause}`;
    expect(g.time, what).toEqual(e.time);
    expect(g.nEvent.reduce((a, b) => a + b, 0)).toBe(e.events);
    expectNumbers(g.estimate, e.estimate, `${what} estimate`);
    expectNumbers(g.estimate, e.ajEstimate, `${what} survfit`);
    expectNumbers(g.variance, e.variance, `${what} variance`);
  });
  if (r.gray === null) return void expect(output.gray).toBeNull();
  expect(output.gray!.map((t) => [t.cause, t.df])).toEqual(r.gray.map((t) => [t.cause, t.df]));
  output.gray!.forEach((t, k) => {
    expect(Math.abs(t.stat! - r.gray![k]!.stat)).toBeLessThan(1e-6);
    expect(Math.abs(t.p! - r.gray![k]!.pv)).toBeLessThan(1e-6);
  });
}

async function cif(args: string[]): Promise<CifOutput> {
  const run = await septype(['stats', 'cif', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as CifOutput;
}

describe('septype stats cif against R cmprsk::cuminc and survfit', () => {
  it('simulation by arm: 3 causes, 4 arms, 5 rows dropped for missing time/status/arm, Gray per cause', async () => {
    const output = await cif([
      '--input',
      data('cif-sim.csv'),
      '--time',
      'time',
      '--status',
      'status',
      '--group',
      'arm',
    ]);
    expectMatchesR(output, rCase('sim-arm'));
  });

  it('mgus2 by sex (progression vs death), and without --group (group null, gray null)', async () => {
    expectMatchesR(
      await cif(['--input', data('cif-mgus2.csv'), '--time', 'etime', '--status', 'status', '--group', 'sex']),
      rCase('mgus2-sex'),
    );
    const all = await cif(['--input', data('cif-sim.csv'), '--time', 'time', '--status', 'status']);
    expect(all.groups.map((g) => g.group)).toEqual([null, null, null]);
    expectMatchesR(all, rCase('sim-all'));
  });

  it('a singular Gray covariance (arm C censored before any event) gives stat and p null; C has empty curves', async () => {
    const output = await cif([
      '--input',
      data('cif-singular.csv'),
      '--time',
      'time',
      '--status',
      'status',
      '--group',
      'arm',
    ]);
    expect(output.gray).toEqual([
      { cause: 1, stat: null, df: 2, p: null },
      { cause: 2, stat: null, df: 2, p: null },
    ]);
    expect(output.groups.filter((g) => g.group === 'C').map((g) => [g.n, g.time])).toEqual([
      [2, []],
      [2, []],
    ]);
    const r = rCase('singular');
    expectMatchesR({ ...output, gray: null }, { ...r, gray: null });
  });
});

describe('septype stats cif: invalid input is exit 2, a JSON error on stderr, nothing on stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'septype-cif-'));
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = csv('good.csv', 'time,status,arm\n1,1,A\n2,0,B\n3,2,A\n4,1,B\n');

  async function rejects(args: string[], field: string, message: RegExp): Promise<void> {
    const run = await septype(['stats', 'cif', ...args]);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stdout).toBe('');
    const error = (JSON.parse(run.stderr) as { error: { code: string; field: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  }

  it('rejects an unknown column, naming it and the known columns', async () => {
    await rejects(
      ['--input', good, '--time', 'days', '--status', 'status'],
      '--time',
      /unknown column "days".*time, status, arm/,
    );
    await rejects(['--input', good, '--time', 'time', '--status', 'cause'], '--status', /unknown column "cause"/);
    await rejects(
      ['--input', good, '--time', 'time', '--status', 'status', '--group', 'sex'],
      '--group',
      /unknown column "sex"/,
    );
  });

  it('rejects a status that is not an integer ≥ 0, a negative or non-numeric time, naming line and column', async () => {
    const fraction = csv('fraction.csv', 'time,status\n1,1\n2,1.5\n');
    await rejects(
      ['--input', fraction, '--time', 'time', '--status', 'status'],
      'status',
      /^line 3, column "status": 1.5: a status must be 0/,
    );
    const negativeStatus = csv('negative-status.csv', 'time,status\n1,-1\n2,1\n');
    await rejects(
      ['--input', negativeStatus, '--time', 'time', '--status', 'status'],
      'status',
      /^line 2, column "status": -1: a status must be 0/,
    );
    const text = csv('text.csv', 'time,status\n1,1\n2,death\n');
    await rejects(['--input', text, '--time', 'time', '--status', 'status'], 'status', /"death" is not a number/);
    const negative = csv('negative.csv', 'time,status\n1,1\n-2,0\n');
    await rejects(
      ['--input', negative, '--time', 'time', '--status', 'status'],
      'time',
      /^line 3, column "time": -2: a time must not be negative/,
    );
    const comma = csv('comma.csv', 'time,status\n"1,5",1\n');
    await rejects(['--input', comma, '--time', 'time', '--status', 'status'], 'time', /"1,5" is not a number/);
  });

  it('rejects data without events, a missing flag, an unknown flag and a missing file', async () => {
    const censored = csv('censored.csv', 'time,status\n1,0\n2,0\n');
    await rejects(['--input', censored, '--time', 'time', '--status', 'status'], '--status', /no events/);
    await rejects(['--input', good, '--time', 'time'], '--status', /--status is required/);
    await rejects(['--input', good, '--time', 'time', '--status', 'status', '--event', 'x'], '--event', /Unknown/);
    await rejects(['--input', join(dir, 'absent.csv'), '--time', 'time', '--status', 'status'], '--input', /cannot/);
  });

  it('counts rows with a missing value in a used column as dropped; one group gives no test', async () => {
    const gaps = csv('gaps.csv', 'time,status,arm,note\n1,1,A,\n,0,B,x\n3,,A,\n4,2,,y\n5,0,B,\n6,1,A,\n');
    const grouped = await cif(['--input', gaps, '--time', 'time', '--status', 'status', '--group', 'arm']);
    expect(grouped.dropped).toBe(3);
    expect(grouped.causes).toEqual([1]);
    expect(grouped.groups.map((g) => [g.group, g.n, g.events])).toEqual([
      ['A', 2, 2],
      ['B', 1, 0],
    ]);
    expect(grouped.gray).toHaveLength(1);
    const one = await cif(['--input', gaps, '--time', 'time', '--status', 'status', '--group', 'note']);
    expect([one.dropped, one.groups.length, one.gray]).toEqual([5, 1, null]);
  });
});
