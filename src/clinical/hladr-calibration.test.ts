import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import {
  calibrateHladr,
  calibrateHladrInput,
  defaultCalibrationOptions,
  parseCalibrationInput,
  type Bead,
} from './hladr-calibration.ts';

const beadsOf = (pePerBead: number[], mfi: number[]): Bead[] =>
  pePerBead.map((pe, i) => ({ pePerBead: pe, mfi: mfi[i] ?? Number.NaN }));

/** shared/docs/reference-data.md, "Monocyte HLA-DR in antibodies bound per cell": the synthetic fixture. */
const fixture = beadsOf([500, 5000, 25000, 65000], [210, 1950, 10300, 25500]);
/** Far from a line: R² ≈ 0.94. */
const noisy = beadsOf([500, 5000, 25000, 65000], [380, 1300, 16000, 19000]);
const monocytes = [{ id: 'NIJ-001 D0', mfi: 4000 }];

describe('Quantibrite calibration: log10(PE per bead) on log10(bead mfi), AB/C = 10^(m·log10(Gs) + c)', () => {
  it('the fixture of reference-data.md: m ≈ 1.00947, c ≈ 0.36107, R² ≈ 0.9998, mfi 4000 → about 9937 AB/C', () => {
    const result = calibrateHladr({ beads: fixture, samples: monocytes });
    expect(result.slope).toBeCloseTo(1.00947, 5);
    expect(result.intercept).toBeCloseTo(0.36107, 5);
    expect(result.r2).toBeCloseTo(0.9998, 4);
    expect(result.samples[0]?.abc).toBeCloseTo(9937, 0);
    expect(result).toMatchObject({ accepted: true, problems: [], warnings: [] });
  });

  it('gives the result in the order of the command-line contract, numbers unrounded', () => {
    const result = calibrateHladr({ beads: fixture, samples: monocytes });
    expect(Object.keys(result)).toEqual(['slope', 'intercept', 'r2', 'accepted', 'problems', 'warnings', 'samples']);
    expect(Object.keys(result.samples[0] ?? {})).toEqual(['id', 'abc', 'extrapolated']);
    expect(result.samples[0]?.abc).not.toBe(Math.round(result.samples[0]?.abc ?? 0));
  });

  it('beads exactly on a line PE = 2·mfi: slope 1, intercept log10 2, R² 1, AB/C = 2·mfi', () => {
    const beads = beadsOf([400, 4000, 20000, 60000], [200, 2000, 10000, 30000]);
    const result = calibrateHladr({ beads, samples: [{ id: 's', mfi: 5000 }] });
    expect(result.slope).toBeCloseTo(1, 12);
    expect(result.intercept).toBeCloseTo(Math.log10(2), 12);
    expect(result.r2).toBe(1);
    expect(result.samples[0]?.abc).toBeCloseTo(10000, 8);
  });

  it('keeps the samples in their order with their ids', () => {
    const samples = [
      { id: 'b', mfi: 3000 },
      { id: 'a', mfi: 300 },
    ];
    const result = calibrateHladr({ beads: fixture, samples });
    expect(result.samples.map((s) => s.id)).toEqual(['b', 'a']);
    expect(result.samples[0]?.abc).toBeGreaterThan(result.samples[1]?.abc ?? Infinity);
  });
});

describe('refusal: accepted false, the reasons in problems, every AB/C null', () => {
  it('with fewer than 3 beads (the line of 2 is still printed)', () => {
    const result = calibrateHladr({ beads: fixture.slice(0, 2), samples: monocytes });
    expect(result).toMatchObject({ accepted: false, problems: ['only 2 usable beads; at least 3 are needed'] });
    expect(result.slope).toEqual(expect.any(Number));
    expect(result.r2).toBe(1);
    expect(result.samples).toEqual([{ id: 'NIJ-001 D0', abc: null, extrapolated: true }]);
  });

  it('with no bead or one: no line, slope, intercept and R² null', () => {
    for (const beads of [[], fixture.slice(0, 1)]) {
      const result = calibrateHladr({ beads, samples: monocytes });
      expect(result).toMatchObject({ slope: null, intercept: null, r2: null, accepted: false });
      expect(result.samples[0]?.abc).toBeNull();
    }
    expect(calibrateHladr({ beads: [], samples: [] }).problems).toEqual(['no usable beads; at least 3 are needed']);
    expect(calibrateHladr({ beads: fixture.slice(0, 1), samples: [] }).problems).toEqual([
      'only 1 usable bead; at least 3 are needed',
    ]);
  });

  it('with R² below 0.98', () => {
    const result = calibrateHladr({ beads: noisy, samples: monocytes });
    expect(result.r2).toBeCloseTo(0.9395, 4);
    expect(result).toMatchObject({ accepted: false, problems: ['R² 0.9395 is below the limit 0.98'] });
    expect(result.samples[0]?.abc).toBeNull();
  });

  it('with a degenerate fit: all beads at one mfi (no line), or at one PE (no R²)', () => {
    const oneMfi = calibrateHladr({ beads: fixture.map((b) => ({ ...b, mfi: 1000 })), samples: monocytes });
    expect(oneMfi).toMatchObject({ slope: null, intercept: null, r2: null, accepted: false });
    expect(oneMfi.problems).toEqual(['all beads have the same mfi: no line can be fitted']);
    const onePe = calibrateHladr({ beads: fixture.map((b) => ({ ...b, pePerBead: 5000 })), samples: monocytes });
    expect(onePe).toMatchObject({ slope: 0, r2: null, accepted: false });
    expect(onePe.problems).toEqual(['all beads have the same PE per bead: R² is undefined']);
  });

  it('lists every reason at once', () => {
    const result = calibrateHladr({ beads: noisy, samples: [] }, { minBeads: 5 });
    expect(result.problems).toEqual([
      'only 4 usable beads; at least 5 are needed',
      'R² 0.9395 is below the limit 0.98',
    ]);
  });

  it('a custom minR2 moves the limit both ways', () => {
    expect(calibrateHladr({ beads: noisy, samples: monocytes }, { minR2: 0.9 })).toMatchObject({ accepted: true });
    const strict = calibrateHladr({ beads: fixture, samples: monocytes }, { minR2: 0.99999 });
    expect(strict).toMatchObject({ accepted: false, problems: ['R² 0.9998 is below the limit 0.99999'] });
  });

  it('shows enough decimals that a value just under the limit does not read as the limit', () => {
    // R² 0.99979451… under a limit of 0.9998: four decimals would round it onto the limit.
    const result = calibrateHladr({ beads: fixture, samples: [] }, { minR2: 0.9998 });
    expect(result.problems).toEqual(['R² 0.99979 is below the limit 0.9998']);
  });
});

describe('warnings: the calibration stays accepted', () => {
  it('a slope outside 0.85–1.15', () => {
    const steep = beadsOf([500, 5000, 25000, 65000], [420, 2500, 8200, 17000]);
    const result = calibrateHladr({ beads: steep, samples: monocytes });
    expect(result).toMatchObject({ accepted: true, problems: [], warnings: ['slope 1.3175 is outside 0.85–1.15'] });
    expect(result.samples[0]?.abc).toEqual(expect.any(Number));
    const flat = calibrateHladr({ beads: steep }, { slopeRange: [1.4, 1.6] });
    expect(flat.warnings).toEqual(['slope 1.3175 is outside 1.4–1.6']);
    expect(calibrateHladr({ beads: steep }, { slopeRange: [1.3, 1.35] }).warnings).toEqual([]);
  });

  it('each bead further than 0.05 log10 from the line, named by its PE per bead', () => {
    const oneOff = beadsOf([800, 4000, 12000, 30000, 70000], [400, 2000, 8400, 15000, 35000]);
    const result = calibrateHladr({ beads: oneOff, samples: monocytes });
    expect(result).toMatchObject({ accepted: true, problems: [] });
    expect(result.warnings).toEqual(['bead 12000 PE: 0.1140 log10 off the line (limit 0.05)']);
    expect(calibrateHladr({ beads: oneOff }, { maxBeadResidual: 0.2 }).warnings).toEqual([]);
  });

  it('are given with a refusal too: they point at the bead that spoils R²', () => {
    const result = calibrateHladr({ beads: noisy });
    expect(result.accepted).toBe(false);
    expect(result.warnings).toEqual([
      'bead 500 PE: 0.1680 log10 off the line (limit 0.05)',
      'bead 5000 PE: 0.2586 log10 off the line (limit 0.05)',
      'bead 25000 PE: 0.2128 log10 off the line (limit 0.05)',
      'bead 65000 PE: 0.1221 log10 off the line (limit 0.05)',
    ]);
  });
});

describe('extrapolated: a sample mfi outside [lowest, highest] bead mfi', () => {
  const at = (mfi: number, beads = fixture) => calibrateHladr({ beads, samples: [{ id: 's', mfi }] }).samples[0];

  it('is flagged below and above the beads, not at or between them; AB/C is still given', () => {
    expect(at(209)).toMatchObject({ extrapolated: true, abc: expect.any(Number) });
    expect(at(25501)).toMatchObject({ extrapolated: true, abc: expect.any(Number) });
    for (const mfi of [210, 4000, 25500]) expect(at(mfi)?.extrapolated).toBe(false);
  });

  it('is computed from the bead range when the calibration is refused as well', () => {
    expect(at(100, noisy)).toEqual({ id: 's', abc: null, extrapolated: true });
    expect(at(5000, noisy)).toEqual({ id: 's', abc: null, extrapolated: false });
  });
});

describe('agrees with R lm() (test/fixtures/hladr/calibration.R) to 1e-9 relative', () => {
  interface RCase {
    name: string;
    pePerBead: number[];
    mfi: number[];
    samples: number[];
    slope: number;
    intercept: number;
    r2: number;
    residuals: number[];
    abc: number[];
  }
  const cases = JSON.parse(
    readFileSync(new URL('../../test/fixtures/hladr/calibration.json', import.meta.url), 'utf8'),
  ) as RCase[];
  const close = (actual: number | null | undefined, expected: number) =>
    expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const samples = c.samples.map((mfi, i) => ({ id: `s${i}`, mfi }));
    // The R² limit low enough that every case gives its AB/C.
    const result = calibrateHladr({ beads: beadsOf(c.pePerBead, c.mfi), samples }, { minR2: 0.5 });
    close(result.slope, c.slope);
    close(result.intercept, c.intercept);
    close(result.r2, c.r2);
    c.abc.forEach((abc, i) => close(result.samples[i]?.abc, abc));
    const warned = c.pePerBead.filter((_pe, i) => Math.abs(c.residuals[i] ?? 0) > 0.05);
    expect(result.warnings.filter((w) => w.startsWith('bead ')).map((w) => Number(w.split(' ')[1]))).toEqual(warned);
  });
});

describe('the JSON input: an InputError naming the field', () => {
  const valid = { beads: fixture, samples: monocytes };
  const fieldOf = (raw: unknown) => {
    try {
      parseCalibrationInput(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).field;
    }
    return 'accepted';
  };

  it.each([
    ['beads missing', { samples: [] }, 'beads'],
    ['samples missing', { beads: fixture }, 'samples'],
    ['beads not an array', { ...valid, beads: { pePerBead: 500, mfi: 210 } }, 'beads'],
    ['samples not an array', { ...valid, samples: 'NIJ-001' }, 'samples'],
    ['a bead without mfi', { ...valid, beads: [fixture[0], { pePerBead: 5000 }] }, 'beads.1.mfi'],
    ['a bead mfi of 0', { ...valid, beads: [fixture[0], { pePerBead: 5000, mfi: 0 }] }, 'beads.1.mfi'],
    ['a negative pePerBead', { ...valid, beads: [{ pePerBead: -500, mfi: 210 }] }, 'beads.0.pePerBead'],
    ['pePerBead as text', { ...valid, beads: [{ pePerBead: '500', mfi: 210 }] }, 'beads.0.pePerBead'],
    ['an infinite mfi', { ...valid, beads: [{ pePerBead: 500, mfi: Infinity }] }, 'beads.0.mfi'],
    ['a NaN pePerBead', { ...valid, beads: [{ pePerBead: Number.NaN, mfi: 210 }] }, 'beads.0.pePerBead'],
    ['a sample mfi of 0', { ...valid, samples: [{ id: 'a', mfi: 0 }] }, 'samples.0.mfi'],
    ['a sample without id', { ...valid, samples: [{ mfi: 4000 }] }, 'samples.0.id'],
    ['a sample id as a number', { ...valid, samples: [{ id: 1, mfi: 4000 }] }, 'samples.0.id'],
    ['an empty sample id', { ...valid, samples: [{ id: '', mfi: 4000 }] }, 'samples.0.id'],
    ['minR2 of 0', { ...valid, minR2: 0 }, 'minR2'],
    ['minR2 above 1', { ...valid, minR2: 1.01 }, 'minR2'],
    ['minR2 as text', { ...valid, minR2: '0.98' }, 'minR2'],
    ['an unknown field', { ...valid, lot: '12345' }, 'lot'],
    ['not an object', [valid], 'input'],
  ])('%s', (_what, raw, field) => expect(fieldOf(raw)).toBe(field));

  it('duplicate sample ids name the second one', () => {
    const samples = [
      { id: 'a', mfi: 1 },
      { id: 'b', mfi: 2 },
      { id: 'a', mfi: 3 },
    ];
    expect(() => parseCalibrationInput({ ...valid, samples })).toThrow('samples.2.id: duplicate sample id "a"');
    expect(fieldOf({ ...valid, samples })).toBe('samples.2.id');
  });

  it('accepts minR2 of 1, no samples, and fewer than 3 beads (refused by the calibration, not the input)', () => {
    expect(fieldOf({ beads: [], samples: [], minR2: 1 })).toBe('accepted');
    const refused = calibrateHladrInput({ beads: fixture.slice(0, 2), samples: [] });
    expect(refused.accepted).toBe(false);
  });

  it('minR2 in the input sets the limit; the other limits are the defaults', () => {
    expect(calibrateHladrInput({ beads: noisy, samples: [], minR2: 0.9 }).accepted).toBe(true);
    expect(defaultCalibrationOptions).toEqual({
      minR2: 0.98,
      slopeRange: [0.85, 1.15],
      maxBeadResidual: 0.05,
      minBeads: 3,
    });
  });

  it('the options of the function are checked too', () => {
    expect(() => calibrateHladr(valid, { minR2: 2 })).toThrow(InputError);
    expect(() => calibrateHladr(valid, { slopeRange: [1.2, 0.8] })).toThrow(InputError);
    expect(() => calibrateHladr(valid, { minBeads: 1 })).toThrow(InputError);
  });
});
