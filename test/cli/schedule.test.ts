import { describe, expect, it } from 'vitest';
import { septype as runSeptype } from '../support/septype-cli.ts';

const septype = (args: string[], stdin: string) => runSeptype(args, { stdin });

describe('septype schedule (the fixed command-line contract)', () => {
  it('prints the five visits: D0 as date-times with offset, the others as dates, null where the anchor is unknown', async () => {
    const run = await septype(
      ['schedule'],
      JSON.stringify({
        icuAdmission: '2026-03-28T10:00:00+01:00',
        day0SampleAt: '2026-03-28T23:30:00Z',
        hospitalDischarge: null,
        death: null,
        timeZone: 'Europe/Amsterdam',
      }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        visit: 'D0',
        applicable: true,
        target: '2026-03-29T11:00:00+02:00',
        earliest: '2026-03-28T10:00:00+01:00',
        latest: '2026-03-30T11:00:00+02:00',
      },
      { visit: 'D3', applicable: true, target: '2026-04-01', earliest: '2026-03-31', latest: '2026-04-02' },
      { visit: 'DIS', applicable: true, target: null, earliest: null, latest: null },
      { visit: 'M3', applicable: true, target: null, earliest: null, latest: null },
      { visit: 'M12', applicable: true, target: null, earliest: null, latest: null },
    ]);
  });

  it('month ends, the leap day and death before discharge', async () => {
    const leap = await septype(
      ['schedule'],
      JSON.stringify({
        icuAdmission: '2028-02-20T14:00:00+01:00',
        day0SampleAt: '2028-02-21T08:00:00+01:00',
        hospitalDischarge: '2028-02-29',
        death: null,
        timeZone: 'Europe/Amsterdam',
      }),
    );
    expect(leap.code, leap.stderr).toBe(0);
    const entries = JSON.parse(leap.stdout) as { visit: string; target: string }[];
    expect(entries.map((e) => [e.visit, e.target])).toEqual([
      ['D0', '2028-02-21T14:00:00+01:00'],
      ['D3', '2028-02-24'],
      ['DIS', '2028-02-29'],
      ['M3', '2028-05-29'],
      ['M12', '2029-02-28'],
    ]);

    const died = await septype(
      ['schedule'],
      JSON.stringify({ icuAdmission: '2026-03-02T14:00:00+01:00', hospitalDischarge: null, death: '2026-03-05' }),
    );
    expect(died.code, died.stderr).toBe(0);
    expect((JSON.parse(died.stdout) as { applicable: boolean }[]).map((e) => e.applicable)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('rejects invalid input: exit 2, a JSON error naming the field on stderr, nothing on stdout', async () => {
    const valid = { icuAdmission: '2026-03-02T14:00:00+01:00', timeZone: 'Europe/Amsterdam' };
    for (const [input, field] of [
      [{ ...valid, icuAdmission: '2026-03-02T14:00:00' }, 'icuAdmission'],
      [{ ...valid, hospitalDischarge: '2026-03-01' }, 'hospitalDischarge'],
      [{ ...valid, death: '2026-02-28' }, 'death'],
      [{ ...valid, day0SampleAt: '2026-03-02T12:00:00Z' }, 'day0SampleAt'],
      [{ ...valid, hospitalDischarge: '2026-02-31' }, 'hospitalDischarge'],
      [{ ...valid, timeZone: 'Amsterdam' }, 'timeZone'],
    ] as const) {
      const run = await septype(['schedule'], JSON.stringify(input));
      expect(run.code, JSON.stringify(input)).toBe(2);
      expect(run.stdout).toBe('');
      expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'invalid_input', field } });
    }
  });

  it('answers malformed JSON and a stray argument with exit 2', async () => {
    const bad = await septype(['schedule'], '{"icuAdmission": ');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { field: 'stdin' } });
    expect((await septype(['schedule', 'D0'], '{}')).code).toBe(2);
  });
});
