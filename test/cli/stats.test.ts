import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { septype } from '../support/septype-cli.ts';

const fixtures = new URL('../fixtures/stats/', import.meta.url);
const data = (name: string) => new URL(`data/${name}`, fixtures).pathname;

interface KmGroup {
  group: string | null;
  n: number;
  events: number;
  time: number[];
  survival: number[];
  se: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  atRisk: number[];
}
interface KmOutput {
  groups: KmGroup[];
  logrank: { chisq: number; df: number; p: number } | null;
  dropped: number;
}
type RGroup = Omit<KmGroup, 'atRisk'> & { nRisk: number[]; atRiskAtTimes: number[] };
interface RCase {
  name: string;
  time: string;
  event: string;
  group: string | null;
  times: number[];
  dropped: number;
  groups: RGroup[];
  logrank: { chisq: number; df: number; p: number } | null;
}
const cases = JSON.parse(readFileSync(new URL('expected/survival-km.json', fixtures), 'utf8')) as RCase[];
const rCase = (name: string) => cases.find((c) => c.name === name)!;

/** KM values within 1e-9 (absolute up to 1, relative above); null exactly where R has NA/Inf. */
function expectNumbers(ours: (number | null)[], r: (number | null)[], what: string, tol: number): void {
  expect(ours.length, what).toBe(r.length);
  r.forEach((expected, i) => {
    if (expected === null) return void expect(ours[i], `${what}[${i}]`).toBeNull();
    expect(Math.abs(ours[i]! - expected) / Math.max(1, Math.abs(expected)), `${what}[${i}]`).toBeLessThan(tol);
  });
}

function expectMatchesR(output: KmOutput, r: RCase, withTimes: boolean): void {
  expect(output.dropped).toBe(r.dropped);
  expect(output.groups.map((g) => g.group)).toEqual(r.groups.map((g) => g.group));
  output.groups.forEach((g, k) => {
    const e = r.groups[k]!;
    expect([g.n, g.events]).toEqual([e.n, e.events]);
    for (const field of ['time', 'survival', 'se', 'lower', 'upper'] as const)
      expectNumbers(g[field], e[field], `${r.name} ${g.group} ${field}`, 1e-9);
    expectNumbers([g.median, g.medianLower, g.medianUpper], [e.median, e.medianLower, e.medianUpper], 'median', 1e-9);
    expect(g.atRisk).toEqual(withTimes ? e.atRiskAtTimes : e.nRisk);
  });
  if (r.logrank === null) return void expect(output.logrank).toBeNull();
  expect(output.logrank!.df).toBe(r.logrank.df);
  expect(Math.abs(output.logrank!.chisq - r.logrank.chisq)).toBeLessThan(1e-6);
  expect(Math.abs(output.logrank!.p - r.logrank.p) / r.logrank.p).toBeLessThan(1e-6);
}

async function km(args: string[]): Promise<KmOutput> {
  const run = await septype(['stats', 'km', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as KmOutput;
}

describe('septype stats km (the fixed command-line contract) against R', () => {
  it('lung by ECOG: 4 groups, one row dropped for a missing ph.ecog, number at risk at --times', async () => {
    const r = rCase('lung-ecog');
    const output = await km([
      '--input',
      data('survival-lung.csv'),
      '--time',
      'time',
      '--event',
      'event',
      '--group',
      'ph.ecog',
      '--times',
      r.times.join(','),
    ]);
    expect(output.dropped).toBe(1);
    expectMatchesR(output, r, true);
  });

  it('veteran by cell type and colon by treatment: text labels (quoted, with "+"), R factor order', async () => {
    const vet = rCase('veteran-celltype');
    expectMatchesR(
      await km([
        '--input',
        data('survival-veteran.csv'),
        '--time',
        'time',
        '--event',
        'status',
        '--group',
        'celltype',
        '--times',
        vet.times.join(','),
      ]),
      vet,
      true,
    );
    const colon = rCase('colon-rx');
    expectMatchesR(
      await km(['--input', data('survival-colon.csv'), '--time', 'time', '--event', 'status', '--group', 'rx']),
      colon,
      false,
    );
  });

  it('without --group: one curve (group null), logrank null, atRisk at each reported time', async () => {
    const r = rCase('sim-all');
    const output = await km(['--input', data('survival-sim.csv'), '--time', 'time', '--event', 'status']);
    expect(output.groups[0]!.group).toBeNull();
    expectMatchesR(output, r, false);
  });
});

describe('septype stats km: invalid input is exit 2, a JSON error on stderr, nothing on stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'septype-stats-'));
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = csv('good.csv', 'time,event,arm\n1,1,A\n2,0,B\n3,1,A\n');

  async function rejects(args: string[], field: string, message: RegExp): Promise<void> {
    const run = await septype(args);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stdout).toBe('');
    const error = (JSON.parse(run.stderr) as { error: { code: string; field: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  }

  it('rejects an unknown column, naming it and the known columns', async () => {
    await rejects(
      ['stats', 'km', '--input', good, '--time', 'days', '--event', 'event'],
      '--time',
      /unknown column "days".*time, event, arm/,
    );
    await rejects(
      ['stats', 'km', '--input', good, '--time', 'time', '--event', 'event', '--group', 'sex'],
      '--group',
      /unknown column "sex"/,
    );
  });

  it('rejects a non-numeric or negative time and an event that is not 0/1, naming line and column', async () => {
    const text = csv('text.csv', 'time,event\n1,1\n"1,5",0\n');
    await rejects(
      ['stats', 'km', '--input', text, '--time', 'time', '--event', 'event'],
      'time',
      /^line 3, column "time": "1,5" is not a number/,
    );
    const negative = csv('negative.csv', 'time,event\n1,1\n-2,0\n');
    await rejects(
      ['stats', 'km', '--input', negative, '--time', 'time', '--event', 'event'],
      'time',
      /^line 3, column "time": -2: a time must not be negative/,
    );
    const event = csv('event.csv', 'time,event\n1,1\n2,2\n');
    await rejects(
      ['stats', 'km', '--input', event, '--time', 'time', '--event', 'event'],
      'event',
      /^line 3, column "event": 2: an event must be 0/,
    );
    // The error body also carries where, for a program to point at the cell.
    const run = await septype(['stats', 'km', '--input', event, '--time', 'time', '--event', 'event']);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { field: 'event', line: 3, column: 2 } });
  });

  it('rejects fewer than 2 groups for the log-rank test', async () => {
    const one = csv('one.csv', 'time,event,arm\n1,1,A\n2,0,A\n3,1,\n');
    await rejects(
      ['stats', 'km', '--input', one, '--time', 'time', '--event', 'event', '--group', 'arm'],
      '--group',
      /at least 2 groups/,
    );
  });

  it('rejects a missing flag, an unknown flag, bad --times, a missing file, a broken CSV and an unknown subcommand', async () => {
    await rejects(['stats', 'km', '--input', good, '--event', 'event'], '--time', /--time is required/);
    await rejects(
      ['stats', 'km', '--input', good, '--time', 'time', '--event', 'event', '--conf', '0.9'],
      '--conf',
      /Unknown option/,
    );
    await rejects(
      ['stats', 'km', '--input', good, '--time', 'time', '--event', 'event', '--times', '30,-1'],
      '--times',
      /"-1"/,
    );
    await rejects(
      ['stats', 'km', '--input', join(dir, 'absent.csv'), '--time', 'time', '--event', 'event'],
      '--input',
      /cannot read/,
    );
    const broken = csv('broken.csv', 'time,event\n1,1\n2\n');
    await rejects(
      ['stats', 'km', '--input', broken, '--time', 'time', '--event', 'event'],
      'input',
      /^line 3: 1 fields/,
    );
    await rejects(['stats', 'nope'], 'subcommand', /unknown stats subcommand "nope": use km, cif, cox/);
  });

  it('counts rows with a missing value in a used column as dropped, and ignores missing values elsewhere', async () => {
    const gaps = csv('gaps.csv', 'time,event,arm,note\n1,1,A,\n,0,B,x\n3,,A,\n4,1,,y\n5,0,B,\n6,1,A,\n');
    const grouped = await km(['--input', gaps, '--time', 'time', '--event', 'event', '--group', 'arm']);
    expect(grouped.dropped).toBe(3);
    expect(grouped.groups.map((g) => [g.group, g.n])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
    const ungrouped = await km(['--input', gaps, '--time', 'time', '--event', 'event', '--times', '0,4.5,10']);
    expect(ungrouped.dropped).toBe(2);
    expect(ungrouped.groups[0]!.atRisk).toEqual([4, 2, 0]);
  });
});
