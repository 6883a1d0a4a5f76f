import { describe, expect, it } from 'vitest';
import { septype as runSeptype, type CliRun } from '../support/septype-cli.ts';

const calibrate = (input: unknown, args: string[] = []) =>
  runSeptype(['hladr', 'calibrate', ...args], { stdin: typeof input === 'string' ? input : JSON.stringify(input) });

interface Result {
  slope: number | null;
  intercept: number | null;
  r2: number | null;
  accepted: boolean;
  problems: string[];
  warnings: string[];
  samples: { id: string; abc: number | null; extrapolated: boolean }[];
}

const success = (run: CliRun): Result => {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Result;
};

const failure = (run: CliRun) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; field?: string } }).error;
};

/** shared/docs/reference-data.md, "Monocyte HLA-DR in antibodies bound per cell": the synthetic fixture. */
const beads = [
  { pePerBead: 500, mfi: 210 },
  { pePerBead: 5000, mfi: 1950 },
  { pePerBead: 25000, mfi: 10300 },
  { pePerBead: 65000, mfi: 25500 },
];
const within = (actual: number | null | undefined, expected: number, tolerance: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(tolerance);

describe('septype hladr calibrate (the fixed command-line contract)', () => {
  it('the fixture: exit 0, the documented numbers, the keys in the contract order', async () => {
    const result = success(await calibrate({ beads, samples: [{ id: 'NIJ-001 D0', mfi: 4000 }] }));
    expect(Object.keys(result)).toEqual(['slope', 'intercept', 'r2', 'accepted', 'problems', 'warnings', 'samples']);
    expect(Object.keys(result.samples[0] ?? {})).toEqual(['id', 'abc', 'extrapolated']);
    within(result.slope, 1.00947, 1e-4);
    within(result.intercept, 0.36107, 1e-4);
    within(result.r2, 0.9998, 1e-4);
    // 9936.70 unrounded: "about 9937" in the document.
    within(result.samples[0]?.abc, 9936.7, 0.01);
    expect(result).toMatchObject({ accepted: true, problems: [], warnings: [] });
    expect(result.samples[0]).toMatchObject({ id: 'NIJ-001 D0', extrapolated: false });
  });

  it('a refusal is a result: exit 0, accepted false, the reasons, every abc null', async () => {
    const two = success(await calibrate({ beads: beads.slice(0, 2), samples: [{ id: 'a', mfi: 1000 }] }));
    expect(two).toMatchObject({ accepted: false, problems: ['only 2 usable beads; at least 3 are needed'] });
    expect(two.slope).toEqual(expect.any(Number));
    expect(two.samples).toEqual([{ id: 'a', abc: null, extrapolated: false }]);

    const noisy = beads.map((bead, i) => ({ ...bead, mfi: [380, 1300, 16000, 19000][i] }));
    const low = success(await calibrate({ beads: noisy, samples: [{ id: 'a', mfi: 1000 }] }));
    expect(low).toMatchObject({ accepted: false, problems: ['R² 0.9395 is below the limit 0.98'] });
    expect(low.samples[0]?.abc).toBeNull();

    const none = success(await calibrate({ beads: [], samples: [{ id: 'a', mfi: 1000 }] }));
    expect(none).toMatchObject({ slope: null, intercept: null, r2: null, accepted: false });
  });

  it('minR2 in the input sets the limit', async () => {
    const strict = success(await calibrate({ beads, samples: [], minR2: 0.99999 }));
    expect(strict).toMatchObject({ accepted: false, problems: ['R² 0.9998 is below the limit 0.99999'] });
  });

  it('warnings leave the calibration accepted', async () => {
    const steep = [420, 2500, 8200, 17000].map((mfi, i) => ({ pePerBead: beads[i]?.pePerBead, mfi }));
    const slope = success(await calibrate({ beads: steep, samples: [{ id: 'a', mfi: 3000 }] }));
    expect(slope).toMatchObject({ accepted: true, warnings: ['slope 1.3175 is outside 0.85–1.15'] });
    expect(slope.samples[0]?.abc).toEqual(expect.any(Number));

    const oneOff = [800, 4000, 12000, 30000, 70000].map((pePerBead, i) => ({
      pePerBead,
      mfi: [400, 2000, 8400, 15000, 35000][i],
    }));
    const bead = success(await calibrate({ beads: oneOff, samples: [] }));
    expect(bead).toMatchObject({ accepted: true, warnings: ['bead 12000 PE: 0.1140 log10 off the line (limit 0.05)'] });
  });

  it('flags a sample outside the bead range as extrapolated', async () => {
    const samples = [
      { id: 'below', mfi: 100 },
      { id: 'inside', mfi: 210 },
      { id: 'above', mfi: 30000 },
    ];
    const result = success(await calibrate({ beads, samples }));
    expect(result.samples.map((s) => [s.id, s.extrapolated])).toEqual([
      ['below', true],
      ['inside', false],
      ['above', true],
    ]);
    expect(result.samples.every((s) => typeof s.abc === 'number')).toBe(true);
  });

  it.each([
    ['beads missing', { samples: [] }, 'beads'],
    ['a non-positive mfi', { beads: [...beads.slice(0, 3), { pePerBead: 65000, mfi: 0 }], samples: [] }, 'beads.3.mfi'],
    ['a negative sample mfi', { beads, samples: [{ id: 'a', mfi: -1 }] }, 'samples.0.mfi'],
    ['pePerBead as text', { beads: [{ pePerBead: '500', mfi: 210 }], samples: [] }, 'beads.0.pePerBead'],
    ['a sample without id', { beads, samples: [{ mfi: 4000 }] }, 'samples.0.id'],
    [
      'a duplicate sample id',
      {
        beads,
        samples: [
          { id: 'a', mfi: 1 },
          { id: 'a', mfi: 2 },
        ],
      },
      'samples.1.id',
    ],
    ['minR2 out of range', { beads, samples: [], minR2: 1.5 }, 'minR2'],
    ['an array', [{ beads, samples: [] }], 'input'],
    ['malformed JSON', '{"beads": [', 'stdin'],
  ])('%s: exit 2, a JSON error naming the field, nothing on stdout', async (_what, input, field) => {
    const error = failure(await calibrate(input));
    expect(error).toMatchObject({ code: 'invalid_input', field });
  });

  it('an unknown subcommand or an extra argument is an input error', async () => {
    expect(failure(await runSeptype(['hladr', 'fit'], { stdin: '{}' }))).toMatchObject({ field: 'subcommand' });
    expect(failure(await runSeptype(['hladr'], { stdin: '{}' }))).toMatchObject({ field: 'subcommand' });
    expect(failure(await calibrate({ beads, samples: [] }, ['--min-r2']))).toMatchObject({ field: '--min-r2' });
  });

  it('has its help', async () => {
    const run = await runSeptype(['hladr', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('septype hladr calibrate');
  });
});
