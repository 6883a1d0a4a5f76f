import { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';

/**
 * Monocyte HLA-DR in antibodies bound per cell (AB/C) with BD Quantibrite PE beads, per
 * shared/docs/reference-data.md: one anti-HLA-DR antibody carries one PE, so PE molecules per cell = AB/C.
 * Per acquisition run, y = log10(PE per bead) is fitted on x = log10(bead geometric mean) by least squares,
 * and a sample's AB/C is 10^(m·log10(Gs) + c). Pure: no I/O, numbers unrounded.
 */

export interface Bead {
  /** PE molecules per bead, from the lot's insert. */
  pePerBead: number;
  /** The bead peak's geometric mean fluorescence. */
  mfi: number;
}

export interface Sample {
  id: string;
  /** Geometric mean of HLA-DR-PE on the CD14+ monocytes. */
  mfi: number;
}

export interface CalibrationRun {
  beads: readonly Bead[];
  /** None: only the calibration's quality is wanted. */
  samples?: readonly Sample[];
}

export interface CalibrationOptions {
  /** Refused below this R². */
  minR2: number;
  /** A slope outside [low, high] is a warning: voltages or compensation differ from the bead run. */
  slopeRange: readonly [number, number];
  /** A bead further than this from the line (in log10) is a warning naming the bead. */
  maxBeadResidual: number;
  /** Refused with fewer beads. */
  minBeads: number;
}

export const defaultCalibrationOptions: CalibrationOptions = {
  minR2: 0.98,
  slopeRange: [0.85, 1.15],
  maxBeadResidual: 0.05,
  minBeads: 3,
};

export interface SampleAbc {
  id: string;
  /** null when the calibration is refused: a number from a refused line would read as a result. */
  abc: number | null;
  /** Outside the bead range [min, max] mfi: the line is used beyond the points that made it. */
  extrapolated: boolean;
}

/** Keys in the order of the command line's contract (`septype hladr calibrate`). */
export interface CalibrationResult {
  /** null when no line can be fitted (fewer than 2 beads, or all at one mfi). */
  slope: number | null;
  intercept: number | null;
  /** null also when every bead has the same PE per bead (no variance to explain). */
  r2: number | null;
  accepted: boolean;
  problems: string[];
  warnings: string[];
  samples: SampleAbc[];
}

// Zod 4's number() refuses Infinity and NaN, so positive() leaves only finite values above 0 (log10 needs them).
const positive = z.number().positive();

/** A second sample with an id already given is named (`samples.2.id`): its results could not be told apart. */
const samples = z.array(z.strictObject({ id: z.string().min(1), mfi: positive })).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach(({ id }, i) => {
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    const message = `duplicate sample id "${id}" (as samples.${first}.id)`;
    ctx.addIssue({ code: 'custom', path: [i, 'id'], message });
  });
});

/** The command line's input. Fewer than 3 beads is valid input: the calibration is then refused, not the call. */
export const calibrationInput = z.strictObject({
  beads: z.array(z.strictObject({ pePerBead: positive, mfi: positive })),
  samples,
  minR2: z.number().gt(0).lte(1).optional(),
});
export type CalibrationInput = z.output<typeof calibrationInput>;

const calibrationOptions = z.strictObject({
  minR2: z.number().gt(0).lte(1),
  slopeRange: z
    .tuple([positive, positive])
    .refine(([low, high]) => low <= high, 'the slope range is [low, high] with low ≤ high'),
  maxBeadResidual: positive,
  minBeads: z.number().int().min(2),
});

/** Validates the JSON input; a problem is an InputError naming the field (`beads.1.mfi`, `samples.0.id`). */
export function parseCalibrationInput(raw: unknown): CalibrationInput {
  return parseInput(calibrationInput, raw);
}

/** `septype hladr calibrate`: the JSON input in, the calibration out, with the default limits but `minR2`. */
export function calibrateHladrInput(raw: unknown): CalibrationResult {
  const { beads, samples: list, minR2 } = parseCalibrationInput(raw);
  return calibrateHladr({ beads, samples: list }, minR2 === undefined ? {} : { minR2 });
}

/** The calibration of one acquisition run; invalid beads, samples or options are an InputError. */
export function calibrateHladr(run: CalibrationRun, options: Partial<CalibrationOptions> = {}): CalibrationResult {
  const { beads, samples: list } = parseCalibrationInput({ beads: run.beads, samples: run.samples ?? [] });
  const limits = parseInput(calibrationOptions, { ...defaultCalibrationOptions, ...options });
  const fit = fitLine(beads);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (beads.length < limits.minBeads) {
    const count = beads.length === 0 ? 'no' : `only ${beads.length}`;
    problems.push(`${count} usable bead${beads.length === 1 ? '' : 's'}; at least ${limits.minBeads} are needed`);
  }
  if (fit === undefined) {
    if (beads.length >= 2) problems.push('all beads have the same mfi: no line can be fitted');
  } else if (fit.r2 === null) {
    problems.push('all beads have the same PE per bead: R² is undefined');
  } else if (fit.r2 < limits.minR2) {
    problems.push(`R² ${shown(fit.r2, limits.minR2)} is below the limit ${limits.minR2}`);
  }
  if (fit !== undefined) {
    const [low, high] = limits.slopeRange;
    if (fit.slope < low || fit.slope > high) {
      const limit = fit.slope < low ? low : high;
      warnings.push(`slope ${shown(fit.slope, limit)} is outside ${low}–${high}`);
    }
    for (const bead of beads) {
      const residual = Math.log10(bead.pePerBead) - (fit.slope * Math.log10(bead.mfi) + fit.intercept);
      if (Math.abs(residual) > limits.maxBeadResidual) {
        const off = shown(Math.abs(residual), limits.maxBeadResidual);
        warnings.push(`bead ${bead.pePerBead} PE: ${off} log10 off the line (limit ${limits.maxBeadResidual})`);
      }
    }
  }
  const accepted = problems.length === 0 && fit !== undefined;
  const mfis = beads.map((bead) => bead.mfi);
  const [lowest, highest] = [Math.min(...mfis), Math.max(...mfis)];
  return {
    slope: fit?.slope ?? null,
    intercept: fit?.intercept ?? null,
    r2: fit?.r2 ?? null,
    accepted,
    problems,
    warnings,
    samples: list.map(({ id, mfi }) => ({
      id,
      abc: accepted && fit !== undefined ? 10 ** (fit.slope * Math.log10(mfi) + fit.intercept) : null,
      // Written so that an empty bead range (no beads: Infinity, -Infinity) makes every sample extrapolated.
      extrapolated: !(mfi >= lowest && mfi <= highest),
    })),
  };
}

interface Fit {
  slope: number;
  intercept: number;
  r2: number | null;
}

/** Least squares on centred sums (steadier than raw sums of squares); undefined when all x are equal. */
function fitLine(beads: readonly Bead[]): Fit | undefined {
  const x = beads.map((bead) => Math.log10(bead.mfi));
  const y = beads.map((bead) => Math.log10(bead.pePerBead));
  // Compared as given, not as Sxx === 0: the mean of equal values may differ from them in the last bit.
  if (new Set(x).size < 2) return undefined;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [xMean, yMean] = [mean(x), mean(y)];
  let [sxx, sxy, syy] = [0, 0, 0];
  x.forEach((xi, i) => {
    const [dx, dy] = [xi - xMean, (y[i] ?? Number.NaN) - yMean];
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  });
  const slope = sxy / sxx;
  // At most 1 in exact arithmetic; rounding could put a perfect line a bit above it.
  const r2 = new Set(y).size < 2 ? null : Math.min(1, (sxy * sxy) / (sxx * syy));
  return { slope, intercept: yMean - slope * xMean, r2 };
}

/**
 * A value for a message about a limit, with 4 decimals, or more when 4 would round it onto or across the
 * limit ("R² 0.9800 is below the limit 0.98" for 0.97996).
 */
function shown(value: number, limit: number): string {
  for (let decimals = 4; decimals <= 12; decimals += 1) {
    const text = value.toFixed(decimals);
    if (Math.sign(Number(text) - limit) === Math.sign(value - limit)) return text;
  }
  return String(value);
}
