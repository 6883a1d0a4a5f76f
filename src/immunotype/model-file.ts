import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseInput } from '../core/zod-input.ts';
import { assignSamples, type ImmunotypeModel } from './assignment.ts';
import { applyPreprocessing, type MarkerValue } from './preprocess.ts';
import { preprocessingOptions } from './spec.ts';

/**
 * A saved discovery model as a file (a run's model.json, ./assignment.ts) and the assignment of one new patient
 * to it (issue 14 §2): the patient's raw marker values go through the discovery's own preprocessing, what is
 * missing is imputed as the discovery imputed it, and the model gives the immunotype, its confidence and
 * whether the patient is far from every centroid.
 */

const options = preprocessingOptions.shape;

/**
 * Every option the model was fitted with must be in the file: a default filled in here could differ from the
 * one the discovery used.
 */
const optionsSchema = z.object({
  log: options.log.unwrap(),
  belowLod: options.belowLod.unwrap(),
  winsorise: options.winsorise.unwrap(),
  impute: options.impute.unwrap(),
  maxMissingShare: options.maxMissingShare.unwrap(),
  scale: options.scale.unwrap(),
});

const markerSchema = z.object({
  name: z.string().min(1),
  log: z.boolean(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  impute: z.number(),
  center: z.number(),
  scale: z.number().positive(),
});

/** zod 4's z.number() refuses NaN and ±Infinity; unknown keys are dropped, so a newer writer's extras do no harm. */
const modelSchema = z
  .object({
    format: z.literal('septype-immunotype-model'),
    formatVersion: z.literal(1),
    names: z.array(z.string().min(1)).min(2),
    preprocessing: z.object({ options: optionsSchema, markers: z.array(markerSchema).min(1) }),
    centroids: z.array(z.array(z.number())),
    proportions: z.array(z.number().gt(0).max(1)),
    withinVariance: z.number().positive(),
    farDistance2: z.number().min(0),
  })
  .superRefine((model, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const k = model.names.length;
    const { markers } = model.preprocessing;
    const p = markers.length;
    const twice = (names: string[]) => names.findIndex((name, i) => names.indexOf(name) !== i);
    const repeatedType = twice(model.names);
    if (repeatedType >= 0) problem(['names', repeatedType], 'immunotype named twice');
    const repeatedMarker = twice(markers.map((m) => m.name));
    if (repeatedMarker >= 0) problem(['preprocessing', 'markers', repeatedMarker, 'name'], 'marker named twice');
    markers.forEach((marker, j) => {
      if (marker.log !== model.preprocessing.options.log)
        problem(['preprocessing', 'markers', j, 'log'], 'must be the same as preprocessing.options.log');
      if (marker.lower !== null && marker.upper !== null && marker.lower > marker.upper)
        problem(['preprocessing', 'markers', j, 'lower'], 'must not be above upper');
    });
    if (model.centroids.length !== k) problem(['centroids'], `must hold one row per immunotype (${k})`);
    model.centroids.forEach((row, c) => {
      if (row.length !== p) problem(['centroids', c], `must hold one number per marker (${p})`);
    });
    if (model.proportions.length !== k) problem(['proportions'], `must hold one share per immunotype (${k})`);
    const total = model.proportions.reduce((s, share) => s + share, 0);
    if (Math.abs(total - 1) > 1e-6) problem(['proportions'], `must sum to 1, not ${total}`);
  });

/** What a refused value was, without echoing text of any length. */
function describe(raw: unknown): string {
  if (typeof raw === 'number') return String(raw);
  if (Array.isArray(raw)) return 'an array';
  return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}

/** Validates a model file's parsed content; an InputError names the first bad field. */
export function parseImmunotypeModel(raw: unknown): ImmunotypeModel {
  return parseInput(modelSchema, raw, { whole: 'model' });
}

export interface PatientAssignment {
  immunotype: string;
  /** Posterior probability of that immunotype, 0..1. */
  confidence: number;
  /** Farther from the nearest centroid than 99 % of the discovery samples were from theirs. */
  far: boolean;
  /** Per immunotype, in the model's order; they sum to 1. */
  probabilities: Record<string, number>;
  /** The model's markers that had no value (imputed as the discovery imputed them), in the model's order. */
  missing: string[];
}

/**
 * Assigns one patient: `values` holds raw marker values by analyte code. A marker that is absent or null is
 * imputed and listed in `missing`; more missing than the model's maxMissingShare of the panel is an error, as
 * the discovery left such samples out. Keys the model does not use are ignored: a patient's record holds more
 * than the panel, and it should be passable as it is.
 */
export function assignPatient(model: ImmunotypeModel, values: Record<string, unknown>): PatientAssignment {
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new InputError('input', 'one patient\'s marker values as an object {"<analyte code>": value}');
  const { options: fitted, markers } = model.preprocessing;
  const missing: string[] = [];
  const row = markers.map(({ name }): MarkerValue | null => {
    const raw = Object.hasOwn(values, name) ? values[name] : undefined;
    if (raw === undefined || raw === null) {
      missing.push(name);
      return null;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0 || (fitted.log && raw === 0)) {
      const need = fitted.log ? 'a number > 0 (the panel is log-transformed)' : 'a number ≥ 0';
      throw new InputError(name, `${name} must be ${need} or null, not ${describe(raw)}`);
    }
    return { value: raw, belowLod: false };
  });
  if (missing.length > fitted.maxMissingShare * markers.length) {
    const allowed = Math.floor(fitted.maxMissingShare * markers.length);
    throw new InputError(
      'input',
      `${missing.length} of the model's ${markers.length} markers are missing (at most ${allowed} may be): ${missing.join(', ')}`,
    );
  }
  const x = applyPreprocessing(model.preprocessing, { markers: markers.map((m) => m.name), values: [row] });
  const [assignment] = assignSamples(model, x);
  const { immunotype, confidence, far, probabilities } = assignment!;
  return {
    immunotype,
    confidence,
    far,
    probabilities: Object.fromEntries(model.names.map((name, c) => [name, probabilities[c]!])),
    missing,
  };
}
