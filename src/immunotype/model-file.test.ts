import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { simulatedDatasets } from '../demo/model/analysis-cohort.ts';
import { analysis } from '../protocol/nct07273344/analysis.ts';
import { kmeans } from '../stats/cluster/kmeans.ts';
import { assignSamples, buildModel, type ImmunotypeModel } from './assignment.ts';
import type { SampleRecord } from './dataset.ts';
import { assignPatient, parseImmunotypeModel } from './model-file.ts';
import { applyPreprocessing, fitPreprocessing } from './preprocess.ts';
import { preprocessingOptions } from './spec.ts';

const panel = analysis.panel;
const names = ['IT1', 'IT2', 'IT3'];

/** A discovery as ./pipeline.ts runs it, with plain k-means in place of consensus clustering (fast). */
function discovery(options: Partial<Record<keyof typeof preprocessingOptions.shape, unknown>> = {}) {
  const atD0 = simulatedDatasets(80, 3).samples.filter((s) => s.visit === 'D0');
  const panelOf = (samples: readonly SampleRecord[]) => ({
    markers: panel,
    values: samples.map((s) => panel.map((code) => s.values[code] ?? null)),
  });
  const fitted = fitPreprocessing(panelOf(atD0), preprocessingOptions.parse(options));
  const samples = atD0.filter((_s, i) => fitted.usable[i]);
  const x = applyPreprocessing(fitted.preprocessing, panelOf(samples));
  const { cluster } = kmeans(x, samples.length, panel.length, { k: names.length, random: 1 });
  const model = buildModel(fitted.preprocessing, x, Array.from(cluster), names);
  return { model, samples, x, cluster };
}

const { model, samples, x, cluster } = discovery();
/** The model as a run writes it and a user reads it back. */
const saved = (m: ImmunotypeModel = model): unknown => JSON.parse(JSON.stringify(m, null, 2)) as unknown;
const loaded = parseImmunotypeModel(saved());

/** A sample's raw values, as a person would pass them (only samples without values below the LOD). */
const rawValues = (sample: SampleRecord) =>
  Object.fromEntries(panel.map((code) => [code, sample.values[code]?.value ?? null]));
const measured = samples
  .map((sample, i) => ({ sample, i }))
  .filter(({ sample }) => panel.every((code) => sample.values[code] !== undefined && !sample.values[code].belowLod));

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no error was thrown');
}

/** A copy of the saved model with one part changed. */
function edited(change: (m: Record<string, unknown> & ImmunotypeModel) => void): unknown {
  const copy = saved() as Record<string, unknown> & ImmunotypeModel;
  change(copy);
  return copy;
}

describe('parseImmunotypeModel', () => {
  it('reads back what buildModel wrote, through JSON, unchanged', () => {
    expect(loaded).toEqual(model);
    const unwinsorised = discovery({ winsorise: 0 }).model;
    expect(unwinsorised.preprocessing.markers[0]?.lower).toBeNull();
    expect(parseImmunotypeModel(saved(unwinsorised))).toEqual(unwinsorised);
  });

  it("drops keys it does not know (a newer writer's extras)", () => {
    expect(parseImmunotypeModel(edited((m) => (m.note = 'from a newer septype')))).toEqual(model);
  });

  it.each([
    ['not an object', () => 42, 'model'],
    ['another format', () => edited((m) => (m.format = 'septype-classifier' as 'septype-immunotype-model')), 'format'],
    ['another version', () => edited((m) => (m.formatVersion = 2 as 1)), 'formatVersion'],
    ['one immunotype', () => edited((m) => (m.names = ['IT1'])), 'names'],
    ['an immunotype named twice', () => edited((m) => (m.names = ['IT1', 'IT2', 'IT1'])), 'names.2'],
    [
      'no options',
      () => edited((m) => delete (m.preprocessing as Partial<typeof m.preprocessing>).options),
      'preprocessing.options',
    ],
    [
      'an option left out',
      () => edited((m) => delete (m.preprocessing.options as Partial<typeof m.preprocessing.options>).maxMissingShare),
      'preprocessing.options.maxMissingShare',
    ],
    [
      'a marker named twice',
      () => edited((m) => (m.preprocessing.markers[3]!.name = panel[0]!)),
      'preprocessing.markers.3.name',
    ],
    ['a zero scale', () => edited((m) => (m.preprocessing.markers[1]!.scale = 0)), 'preprocessing.markers.1.scale'],
    [
      'a marker logged unlike the options',
      () => edited((m) => (m.preprocessing.markers[2]!.log = false)),
      'preprocessing.markers.2.log',
    ],
    ['a centroid row too few', () => edited((m) => m.centroids.pop()), 'centroids'],
    ['a centroid one marker short', () => edited((m) => m.centroids[1]!.pop()), 'centroids.1'],
    ['a centroid value that is text', () => edited((m) => ((m.centroids[0] as unknown[])[0] = '0.5')), 'centroids.0.0'],
    ['shares not summing to 1', () => edited((m) => (m.proportions = [0.5, 0.3, 0.1])), 'proportions'],
    ['a zero share', () => edited((m) => (m.proportions = [0.5, 0.5, 0])), 'proportions.2'],
    ['a zero variance', () => edited((m) => (m.withinVariance = 0)), 'withinVariance'],
    ['no far threshold', () => edited((m) => delete (m as Partial<ImmunotypeModel>).farDistance2), 'farDistance2'],
  ])('%s: an InputError naming the field', (_what, raw, field) => {
    expect(inputError(() => parseImmunotypeModel(raw())).field).toBe(field);
  });
});

describe('assignPatient', () => {
  it('assigns a discovery sample to its own immunotype, exactly as the discovery assigned it', () => {
    const own = assignSamples(model, x);
    // The sample nearest to its own centroid: unambiguous.
    const { sample, i } = measured.reduce((best, next) =>
      own[next.i]!.confidence > own[best.i]!.confidence ? next : best,
    );
    const result = assignPatient(loaded, rawValues(sample));
    expect(result.immunotype).toBe(names[cluster[i]!]);
    expect(result.confidence).toBeGreaterThan(0.99);
    expect(result.far).toBe(false);
    expect(result.missing).toEqual([]);
    expect(Object.keys(result)).toEqual(['immunotype', 'confidence', 'far', 'probabilities', 'missing']);
    // Every fully measured sample: the same answer as the model gives its scaled row.
    for (const { sample: s, i: row } of measured) {
      const expected = own[row]!;
      const got = assignPatient(loaded, rawValues(s));
      expect(got.immunotype).toBe(expected.immunotype);
      expect(got.confidence).toBeCloseTo(expected.confidence, 12);
      expect(got.far).toBe(expected.far);
      expect(Object.keys(got.probabilities)).toEqual(names);
      names.forEach((name, c) => expect(got.probabilities[name]).toBeCloseTo(expected.probabilities[c]!, 12));
    }
    const agree = measured.filter(
      ({ sample: s, i: row }) => assignPatient(loaded, rawValues(s)).immunotype === names[cluster[row]!],
    );
    expect(agree.length / measured.length).toBeGreaterThan(0.9);
  });

  it('ignores keys the model does not use', () => {
    const values = rawValues(measured[0]!.sample);
    const withExtras = { ...values, lactate: 4.2, studyId: 'P001', note: 'text', constructor: 7 };
    expect(assignPatient(loaded, withExtras)).toEqual(assignPatient(loaded, values));
  });

  it('imputes an absent or null marker as the discovery did and lists it, in the model order', () => {
    const { sample } = measured[0]!;
    const values: Record<string, unknown> = rawValues(sample);
    delete values.tnf;
    values.il6 = null;
    const result = assignPatient(loaded, values);
    expect(result.missing).toEqual(['il6', 'tnf']);
    const row = panel.map((code) => (code === 'il6' || code === 'tnf' ? null : sample.values[code]!));
    const [expected] = assignSamples(model, applyPreprocessing(model.preprocessing, { markers: panel, values: [row] }));
    expect(result.immunotype).toBe(expected!.immunotype);
    expect(result.confidence).toBeCloseTo(expected!.confidence, 12);
    const sum = Object.values(result.probabilities).reduce((s, p) => s + p, 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  it('refuses a patient missing more than maxMissingShare of the panel, naming the markers', () => {
    // 0.2 × 19 markers: 3 may be missing, not 4.
    const values = rawValues(measured[0]!.sample);
    const without = (codes: string[]) => ({ ...values, ...Object.fromEntries(codes.map((c) => [c, null])) });
    expect(assignPatient(loaded, without(['il6', 'il8', 'crp'])).missing).toEqual(['il6', 'il8', 'crp']);
    const error = inputError(() => assignPatient(loaded, without(['il6', 'il8', 'crp', 'pct'])));
    expect(error.field).toBe('input');
    expect(error.message).toContain('4 of the model');
    expect(error.message).toContain('il6, il8, crp, pct');
    expect(inputError(() => assignPatient(loaded, {})).field).toBe('input');
  });

  it('flags a patient far from every centroid, and not one at the discovery medians', () => {
    const extreme = Object.fromEntries(panel.map((code, j) => [code, j % 2 === 0 ? 1e6 : 1e-6]));
    expect(assignPatient(loaded, extreme).far).toBe(true);
    const typical = Object.fromEntries(model.preprocessing.markers.map((m) => [m.name, Math.exp(m.impute)]));
    expect(assignPatient(loaded, typical).far).toBe(false);
  });

  it.each([
    ['a number as text', '12.5'],
    ['zero (the panel is log-transformed)', 0],
    ['a negative number', -3],
    ['an object', { value: 3 }],
    ['a boolean', true],
    ['an array', [3]],
  ])('refuses %s, naming the marker', (_what, value) => {
    const values = { ...rawValues(measured[0]!.sample), crp: value };
    const error = inputError(() => assignPatient(loaded, values));
    expect(error.field).toBe('crp');
    expect(error.message).toContain('crp');
  });

  it('refuses non-finite numbers and accepts 0 when the panel is not log-transformed', () => {
    const values = rawValues(measured[0]!.sample);
    expect(inputError(() => assignPatient(loaded, { ...values, il8: Number.POSITIVE_INFINITY })).field).toBe('il8');
    expect(inputError(() => assignPatient(loaded, { ...values, il8: Number.NaN })).field).toBe('il8');
    const linear = parseImmunotypeModel(saved(discovery({ log: false }).model));
    expect(assignPatient(linear, { ...values, il8: 0 }).missing).toEqual([]);
    expect(inputError(() => assignPatient(linear, { ...values, il8: -1 })).field).toBe('il8');
  });

  it('refuses input that is not one object', () => {
    const inputs: unknown[] = [null, 42, 'il6', [rawValues(measured[0]!.sample)]];
    for (const raw of inputs) {
      expect(inputError(() => assignPatient(loaded, raw as Record<string, unknown>)).field).toBe('input');
    }
  });
});
