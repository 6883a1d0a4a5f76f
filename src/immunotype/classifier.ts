import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseInput } from '../core/zod-input.ts';
import { confusionMatrix, predictedClass, type ConfusionMatrix } from '../stats/classify/confusion-matrix.ts';
import type { MultinomialElasticNetFit } from '../stats/classify/multinomial-elastic-net.ts';
import { rocOneVsRest, type RocCurve } from '../stats/classify/roc.ts';
import { Rng } from '../stats/random.ts';
import { fitProcedure, outOfFold, stratifiedFolds, type ProcedureOptions } from './classifier-fit.ts';

/**
 * The bedside classifier (shared/docs/immunotypes.md §4): the few markers that best predict the discovered
 * immunotypes, chosen by an L1 multinomial logistic regression and refitted on their own (a relaxed lasso,
 * classifier-fit.ts), exported as a small versioned scoring rule that one new patient's values can be run
 * through. Its cross-validated performance repeats the selection inside every fold.
 */

export type MarkerTransform = 'log' | 'none';

export interface ClassifierMarkerInput {
  name: string;
  unit: string;
  transform: MarkerTransform;
}

export interface TrainClassifierInput {
  markers: ClassifierMarkerInput[];
  /** n × p raw values in each marker's unit, row-major; NaN = missing. */
  values: Float64Array;
  /** Immunotype of each patient, 0 … K − 1 (indices into `immunotypes`). */
  labels: Int32Array;
  immunotypes: string[];
  /** Largest number of markers the rule may use; default 5. */
  maxMarkers?: number;
  seed: number;
  /** Default 5: an immunotype of 10 % of 200 patients still has 4 patients in every held-out fold. */
  nfolds?: number;
  /**
   * Default 1 (lasso): the point is the fewest markers, and the lasso keeps one of a group of correlated markers
   * where an elastic net (α < 1) spreads the weight over all of them, costing a marker slot each.
   */
  alpha?: number;
  /**
   * Among the lasso path's models within the budget, each refitted on its markers: '1se' (default, as glmnet's
   * lambda.1se) the most penalised one whose cross-validated deviance is within one standard error of the best,
   * 'min' the best.
   */
  lambdaRule?: '1se' | 'min';
}

export interface ClassifierMarker extends ClassifierMarkerInput {
  /** Training mean and population sd on the transformed scale: z = (transform(value) − center) / scale. */
  center: number;
  scale: number;
  /** Training median on the transformed scale, used for a missing value. */
  impute: number;
}

/** The exported scoring rule, as written to a JSON file. */
export interface ClassifierRule {
  format: 'septype-classifier';
  formatVersion: 1;
  immunotypes: string[];
  markers: ClassifierMarker[];
  /** One per immunotype, on the standardised scale. */
  intercepts: number[];
  /** K × markers, on the standardised scale: the refit on these markers (lightly ridge-penalised). */
  coefficients: number[][];
  /** The lasso penalty at which the path selected these markers, and its elastic-net mixing. */
  lambda: number;
  alpha: number;
  trainedOn: { n: number; seed: number };
  performance: { cvAccuracy: number; auc: Record<string, number> };
}

export interface ClassifierTraining {
  rule: ClassifierRule;
  /**
   * Out-of-fold class probabilities (n × K, row-major) and the classes they predict: of the whole procedure,
   * selection and refit on each fold's training part.
   */
  probabilities: Float64Array;
  predicted: Int32Array;
  confusion: ConfusionMatrix;
  /** One-vs-rest ROC curve of each immunotype, in `immunotypes` order, from the out-of-fold probabilities. */
  roc: RocCurve[];
  foldid: Int32Array;
  /** The markers each outer fold's procedure selected, in marker order. */
  foldMarkers: string[][];
  /**
   * The selection path on all markers, fitted as far as the budget: its fit, the cross-validated deviance of the
   * refit at each lambda (NaN over the budget), the markers used at each lambda, the lambda chosen.
   */
  path: {
    fit: MultinomialElasticNetFit;
    cvm: Float64Array;
    cvsd: Float64Array;
    markersUsed: Int32Array;
    chosen: number;
  };
  /** The standardised, imputed training matrix (n × p, all markers) the path and the refit were fitted on. */
  x: Float64Array;
}

export function trainClassifier(input: TrainClassifierInput): ClassifierTraining {
  const { markers, values, labels, immunotypes, seed } = input;
  const maxMarkers = input.maxMarkers ?? 5;
  const nfolds = input.nfolds ?? 5;
  const alpha = input.alpha ?? 1;
  const n = labels.length;
  const p = markers.length;
  const K = immunotypes.length;
  const names = markers.map((m) => m.name);
  checkNames(names, 'markers');
  checkNames(immunotypes, 'immunotypes');
  if (K < 2) throw new InputError('immunotypes', 'need at least 2 immunotypes');
  if (values.length !== n * p) throw new InputError('values', `values must hold ${n} × ${p} numbers (row-major)`);
  if (!Number.isInteger(maxMarkers) || maxMarkers < 1) throw new InputError('maxMarkers', 'must be an integer ≥ 1');
  if (!Number.isSafeInteger(seed)) throw new InputError('seed', 'seed must be a safe integer');
  if (!Number.isInteger(nfolds) || nfolds < 3 || nfolds > n) throw new InputError('nfolds', 'must be 3 … n');
  // α = 0 (ridge) never sets a coefficient to zero, so it cannot select markers.
  if (!(alpha > 0 && alpha <= 1)) throw new InputError('alpha', 'alpha must be in (0, 1]');
  const counts = new Int32Array(K);
  for (const y of labels) {
    if (!Number.isInteger(y) || y < 0 || y >= K) throw new InputError('labels', `labels must be 0 … ${K - 1}`);
    counts[y]!++;
  }
  // The selection's inner folds split every outer training part again, and each of their training parts needs
  // two patients of every immunotype (the fit's minimum): so three in every outer training part.
  const needed = minimumPerClass(nfolds);
  counts.forEach((c, k) => {
    if (c < needed)
      throw new InputError('labels', `immunotype "${immunotypes[k]}" has ${c} patients; at least ${needed} needed`);
  });

  const { x, center, scale, impute } = standardise(markers, values, n);
  const rng = new Rng(seed);
  const foldid = stratifiedFolds(labels, K, nfolds, rng);
  const options: ProcedureOptions = { classes: K, alpha, maxMarkers, nfolds, lambdaRule: input.lambdaRule ?? '1se' };
  const model = fitProcedure(x, n, p, labels, options, rng);
  const { fit, markersUsed } = model.path;
  const { chosen } = model;
  if (!markersUsed.some((c) => c > 0 && c <= maxMarkers))
    throw new InputError('maxMarkers', `no model on the path uses between 1 and ${maxMarkers} markers`);
  if (model.markers.length === 0)
    throw new InputError('labels', 'no marker predicts the immunotypes (cross-validated): the best model uses none');

  // Selection and refit repeated on each outer training part (imputation and standardisation used all patients:
  // unsupervised, so they cannot leak the labels).
  const outer = outOfFold(x, n, p, labels, foldid, options, rng);
  const { probabilities } = outer;
  const predicted = predictedClass(probabilities, n, K);
  const confusion = confusionMatrix(labels, predicted, K);
  const roc = rocOneVsRest(probabilities, labels, K);

  const q = model.markers.length;
  const rule: ClassifierRule = {
    format: 'septype-classifier',
    formatVersion: 1,
    immunotypes: [...immunotypes],
    markers: model.markers.map((j) => ({
      ...pickMarker(markers[j]!),
      center: center[j]!,
      scale: scale[j]!,
      impute: impute[j]!,
    })),
    intercepts: Array.from(model.a0),
    coefficients: Array.from({ length: K }, (_, k) => Array.from(model.beta.subarray(k * q, (k + 1) * q))),
    lambda: fit.lambda[chosen]!,
    alpha,
    trainedOn: { n, seed },
    performance: {
      cvAccuracy: confusion.accuracy,
      auc: Object.fromEntries(immunotypes.map((name, k) => [name, roc[k]!.auc])),
    },
  };
  const path = { fit, cvm: model.cvm, cvsd: model.cvsd, markersUsed, chosen };
  const foldMarkers = outer.selected.map((set) => set.map((j) => names[j]!));
  return { rule, probabilities, predicted, confusion, roc, foldid, foldMarkers, path, x };
}

export interface PatientClassification {
  immunotype: string;
  /** Per immunotype, in the rule's order; they sum to 1. */
  probabilities: Record<string, number>;
  /** The rule's markers that had no value (imputed with the training median), in the rule's order. */
  missing: string[];
}

/**
 * Applies the rule to one patient. A marker that is absent or null is imputed and listed in `missing`. Keys
 * the rule does not use are ignored: a patient's record holds many more values than the few markers chosen,
 * and it should be passable as it is.
 */
export function scorePatient(rule: ClassifierRule, values: Record<string, unknown>): PatientClassification {
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new InputError('input', "one patient's marker values as an object {marker: value}");
  const missing: string[] = [];
  const z = rule.markers.map((marker) => {
    const raw = Object.hasOwn(values, marker.name) ? values[marker.name] : undefined;
    if (raw === undefined || raw === null) {
      missing.push(marker.name);
      return (marker.impute - marker.center) / marker.scale;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw))
      throw new InputError(marker.name, `${marker.name} must be a number (${marker.unit}) or null`);
    return (transformed(marker, raw, marker.name) - marker.center) / marker.scale;
  });
  const eta = rule.intercepts.map((a, k) => z.reduce((s, zj, j) => s + rule.coefficients[k]![j]! * zj, a));
  const max = Math.max(...eta);
  const e = eta.map((v) => Math.exp(v - max)); // shifted by the maximum so exp never overflows
  const sum = e.reduce((s, v) => s + v, 0);
  const probabilities = Object.fromEntries(rule.immunotypes.map((name, k) => [name, e[k]! / sum]));
  let best = 0;
  e.forEach((v, k) => (best = v > e[best]! ? k : best)); // the first on ties, as predictedClass
  return { immunotype: rule.immunotypes[best]!, probabilities, missing };
}

const markerSchema = z.object({
  name: z.string().min(1),
  unit: z.string(),
  transform: z.enum(['log', 'none']),
  center: z.number(),
  scale: z.number().positive(),
  impute: z.number(),
});

/** zod 4's z.number() refuses NaN and ±Infinity; unknown keys are dropped, so a newer writer's extras do no harm. */
const ruleSchema = z
  .object({
    format: z.literal('septype-classifier'),
    formatVersion: z.literal(1),
    immunotypes: z.array(z.string().min(1)).min(2),
    markers: z.array(markerSchema).min(1),
    intercepts: z.array(z.number()),
    coefficients: z.array(z.array(z.number())),
    lambda: z.number().min(0),
    alpha: z.number().gt(0).max(1),
    trainedOn: z.object({ n: z.number().int().positive(), seed: z.number().int() }),
    performance: z.object({
      cvAccuracy: z.number().min(0).max(1),
      auc: z.record(z.string(), z.number().min(0).max(1)),
    }),
  })
  .superRefine((rule, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const K = rule.immunotypes.length;
    const p = rule.markers.length;
    const twice = (names: string[]) => names.findIndex((name, i) => names.indexOf(name) !== i);
    const repeatedType = twice(rule.immunotypes);
    if (repeatedType >= 0) problem(['immunotypes', repeatedType], 'immunotype named twice');
    const repeatedMarker = twice(rule.markers.map((m) => m.name));
    if (repeatedMarker >= 0) problem(['markers', repeatedMarker, 'name'], 'marker named twice');
    if (rule.intercepts.length !== K) problem(['intercepts'], `must hold one number per immunotype (${K})`);
    if (rule.coefficients.length !== K) problem(['coefficients'], `must hold one row per immunotype (${K})`);
    rule.coefficients.forEach((row, k) => {
      if (row.length !== p) problem(['coefficients', k], `must hold one number per marker (${p})`);
    });
    const aucKeys = Object.keys(rule.performance.auc);
    if (aucKeys.length !== K || !rule.immunotypes.every((name) => aucKeys.includes(name)))
      problem(['performance', 'auc'], 'must hold one AUC per immunotype');
  });

/** Validates a classifier file's parsed content; an InputError names the first bad field. */
export function parseClassifier(raw: unknown): ClassifierRule {
  return parseInput(ruleSchema, raw, { whole: 'classifier' });
}

/** Fewest patients of an immunotype such that every outer training part holds three (stratified folds). */
function minimumPerClass(nfolds: number): number {
  let c = 3;
  while (c - Math.ceil(c / nfolds) < 3) c++;
  return c;
}

function checkNames(names: string[], field: string): void {
  if (names.length === 0) throw new InputError(field, `${field} must not be empty`);
  names.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') throw new InputError(`${field}.${i}`, 'a name must not be empty');
    if (names.indexOf(name) !== i) throw new InputError(`${field}.${i}`, `"${name}" is named twice`);
  });
}

function pickMarker(marker: ClassifierMarkerInput): ClassifierMarkerInput {
  if (marker.transform !== 'log' && marker.transform !== 'none')
    throw new InputError(marker.name, `transform must be log or none, not "${String(marker.transform)}"`);
  return { name: marker.name, unit: marker.unit, transform: marker.transform };
}

function transformed(marker: ClassifierMarkerInput, value: number, where: string): number {
  if (marker.transform === 'none') return value;
  if (!(value > 0)) throw new InputError(marker.name, `${where}: ${value} must be > 0 (the marker is log-transformed)`);
  return Math.log(value);
}

/** Transform, impute by the median, centre and scale by the population sd (so glmnet's own standardising is a no-op). */
function standardise(markers: ClassifierMarkerInput[], values: Float64Array, n: number) {
  const p = markers.length;
  const x = new Float64Array(n * p);
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const impute = new Float64Array(p);
  markers.forEach((marker, j) => {
    pickMarker(marker);
    const column = new Float64Array(n);
    const present: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i * p + j]!;
      if (!Number.isNaN(v) && !Number.isFinite(v)) throw new InputError(marker.name, `row ${i}: ${v} is not finite`);
      column[i] = Number.isNaN(v) ? Number.NaN : transformed(marker, v, `row ${i}`);
      if (!Number.isNaN(v)) present.push(column[i]!);
    }
    if (present.length === 0) throw new InputError(marker.name, `${marker.name} has no value`);
    present.sort((a, b) => a - b);
    const h = present.length >> 1;
    impute[j] = present.length % 2 === 1 ? present[h]! : (present[h - 1]! + present[h]!) / 2;
    for (let i = 0; i < n; i++) if (Number.isNaN(column[i]!)) column[i] = impute[j];
    const mean = column.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    center[j] = mean;
    // A constant marker keeps scale 1: its standardised values are 0, glmnet leaves it out, and z stays finite.
    scale[j] = sd > 0 ? sd : 1;
    for (let i = 0; i < n; i++) x[i * p + j] = (column[i]! - mean) / scale[j];
  });
  return { x, center, scale, impute };
}
