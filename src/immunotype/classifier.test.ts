import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { multinomialElasticNet } from '../stats/classify/multinomial-elastic-net.ts';
import { predictProbabilities } from '../stats/classify/predict.ts';
import { Rng } from '../stats/random.ts';
import { stratifiedFolds } from './classifier-fit.ts';
import {
  parseClassifier,
  scorePatient,
  trainClassifier,
  type ClassifierMarkerInput,
  type ClassifierTraining,
  type TrainClassifierInput,
} from './classifier.ts';

const immunotypes = ['hyperinflamed', 'immunoparalysed', 'mixed'];
const markers: ClassifierMarkerInput[] = [
  { name: 'IL-6', unit: 'pg/mL', transform: 'log' },
  { name: 'HLA-DR', unit: 'AB/C', transform: 'log' },
  { name: 'ferritin', unit: 'µg/L', transform: 'log' },
  { name: 'CRP', unit: 'mg/L', transform: 'log' },
  { name: 'lymphocytes', unit: '10^9/L', transform: 'none' },
  { name: 'PCT', unit: 'ng/mL', transform: 'log' },
  { name: 'lactate', unit: 'mmol/L', transform: 'none' },
  { name: 'TNF', unit: 'pg/mL', transform: 'log' },
];
const informative = ['IL-6', 'HLA-DR', 'ferritin'];
// Transformed-scale mean and sd of each marker; the first three move one immunotype each by 2.5 sd.
const mean = [Math.log(50), Math.log(15000), Math.log(500), Math.log(100), 1.2, Math.log(2), 2, Math.log(10)];
const sd = [1, 0.5, 0.8, 0.7, 0.4, 1, 0.8, 0.6];
const shift = [
  [2.5, 0, 0],
  [0, -2.5, 0],
  [0, 0, 2.5],
];

/** Well-separated immunotypes, 5 % of the values missing; raw values in each marker's unit. */
function simulate(
  n: number,
  seed: number,
): Pick<TrainClassifierInput, 'markers' | 'values' | 'labels' | 'immunotypes'> {
  const rng = new Rng(seed);
  const p = markers.length;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const t = mean[j]! + sd[j]! * (rng.normal() + (shift[j]?.[labels[i]!] ?? 0));
      const raw = markers[j]!.transform === 'log' ? Math.exp(t) : t;
      values[i * p + j] = rng.uniform() < 0.05 ? Number.NaN : raw;
    }
  }
  return { markers, values, labels, immunotypes };
}

const data = simulate(240, 7);
const inputError = (run: () => unknown, field: string) => {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).field).toBe(field);
};

describe('trainClassifier', () => {
  let three: ClassifierTraining;
  let five: ClassifierTraining;
  beforeAll(() => {
    three = trainClassifier({ ...data, maxMarkers: 3, seed: 1 });
    five = trainClassifier({ ...data, seed: 1 });
  });

  it('with a budget of 3 markers chooses exactly the 3 informative ones', () => {
    expect(three.rule.markers.map((m) => m.name)).toEqual(informative);
    expect(three.rule.markers[0]).toMatchObject({ name: 'IL-6', unit: 'pg/mL', transform: 'log' });
    expect(three.path.markersUsed[three.path.chosen]).toBe(3);
    // Each informative marker raises (or, HLA-DR, lowers) its own immunotype.
    expect(three.rule.coefficients[0]![0]).toBeGreaterThan(0.5);
    expect(three.rule.coefficients[1]![1]).toBeLessThan(-0.5);
    expect(three.rule.coefficients[2]![2]).toBeGreaterThan(0.5);
  });

  it('with the default budget of 5 keeps the informative markers, and any other has a small coefficient', () => {
    const names = five.rule.markers.map((m) => m.name);
    expect(names.length).toBeLessThanOrEqual(5);
    expect(names).toEqual(expect.arrayContaining(informative));
    five.rule.markers.forEach((marker, j) => {
      const largest = Math.max(...five.rule.coefficients.map((row) => Math.abs(row[j]!)));
      if (informative.includes(marker.name)) expect(largest).toBeGreaterThan(1);
      else expect(largest).toBeLessThan(0.3);
    });
  });

  it('reports cross-validated accuracy, per-class AUC with ROC curves and the confusion matrix', () => {
    for (const training of [three, five]) {
      const { rule, confusion, roc } = training;
      expect(rule.performance.cvAccuracy).toBeGreaterThan(0.85);
      expect(confusion.counts.reduce((s, c) => s + c, 0)).toBe(240);
      const diagonal = [0, 1, 2].reduce((s, k) => s + confusion.counts[k * 3 + k]!, 0);
      expect(rule.performance.cvAccuracy).toBe(diagonal / 240);
      expect(roc).toHaveLength(3);
      immunotypes.forEach((name, k) => {
        const auc = rule.performance.auc[name]!;
        expect(auc).toBeGreaterThanOrEqual(0.95);
        expect(auc).toBeLessThanOrEqual(1);
        expect(roc[k]!.auc).toBe(auc);
        expect(roc[k]!.positives).toBe(80);
      });
      // Out-of-fold probabilities: one row per patient, summing to 1.
      for (let i = 0; i < 240; i++) {
        const row = training.probabilities.subarray(i * 3, i * 3 + 3);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('the exported rule is the light ridge refit on the selected markers: same probabilities from raw values', () => {
    const { rule, path, x } = three;
    const p = markers.length;
    const selected = rule.markers.map((m) => markers.findIndex((input) => input.name === m.name));
    const xq = Float64Array.from({ length: 240 * 3 }, (_, t) => x[Math.floor(t / 3) * p + selected[t % 3]!]!);
    const refit = multinomialElasticNet(xq, 240, 3, data.labels, { alpha: 0, lambda: [1 / 240] });
    const expected = predictProbabilities(refit, xq, 240, 0);
    for (let i = 0; i < 240; i++) {
      const record = Object.fromEntries(
        markers.map((m, j) => [m.name, Number.isNaN(data.values[i * p + j]!) ? null : data.values[i * p + j]]),
      );
      const scored = scorePatient(rule, record);
      immunotypes.forEach((name, k) => expect(scored.probabilities[name]).toBeCloseTo(expected[i * 3 + k]!, 10));
    }
    // The lambda is where the lasso path selected the markers; the refit is not shrunk as the path model there is.
    expect(rule.lambda).toBe(path.fit.lambda[path.chosen]);
    const pathModel = predictProbabilities(path.fit, x, 240, path.chosen);
    const meanTrue = (prob: Float64Array) => data.labels.reduce((s, y, i) => s + prob[i * 3 + y]!, 0) / 240;
    expect(meanTrue(expected)).toBeGreaterThan(meanTrue(pathModel) + 0.1);
  });

  it('folds are stratified by immunotype, sizes within one', () => {
    const { foldid } = five;
    for (let f = 0; f < 5; f++) {
      const members = [...foldid.keys()].filter((i) => foldid[i] === f);
      expect(members).toHaveLength(48);
      for (let k = 0; k < 3; k++) expect(members.filter((i) => data.labels[i] === k)).toHaveLength(16);
    }
  });

  it('is deterministic for a seed; another seed draws other folds', () => {
    const again = trainClassifier({ ...data, maxMarkers: 3, seed: 1 });
    expect(JSON.stringify(again.rule)).toBe(JSON.stringify(three.rule));
    expect(again.foldid).toEqual(three.foldid);
    const other = trainClassifier({ ...data, maxMarkers: 3, seed: 2 });
    expect(other.foldid).not.toEqual(three.foldid);
    expect(other.rule.trainedOn).toEqual({ n: 240, seed: 2 });
  });

  it('takes a smaller budget, an elastic-net alpha and 10 folds', () => {
    const two = trainClassifier({ ...data, maxMarkers: 2, seed: 3, alpha: 0.5, nfolds: 10, lambdaRule: 'min' });
    expect(two.rule.markers).toHaveLength(2);
    for (const marker of two.rule.markers) expect(informative).toContain(marker.name);
    expect(two.rule.alpha).toBe(0.5);
    expect(new Set(two.foldid).size).toBe(10);
  });

  it('refines the path where markers enter together, so that a budget of 1 still finds a marker', () => {
    // IL-6 and ferritin are about equally strong: on the default path they enter between the same two lambdas.
    const one = trainClassifier({ ...data, maxMarkers: 1, seed: 1 });
    expect(one.rule.markers).toHaveLength(1);
    expect(informative).toContain(one.rule.markers[0]!.name);
    expect(one.path.fit.lambda.length).toBeLessThan(40);
  });

  it('is accurate and confident with a budget smaller than the informative markers, cross-validated', () => {
    // Four immunotypes, each raising its own pair of markers by 3 sd; 8 noise markers; 4 markers allowed.
    const rng = new Rng(1);
    const p = 16;
    const labels = Int32Array.from({ length: 240 }, (_, i) => i % 4);
    const values = Float64Array.from({ length: 240 * p }, (_, t) => {
      const [i, j] = [Math.floor(t / p), t % p];
      return Math.exp(rng.normal() + (j >> 1 === labels[i] ? 3 : 0));
    });
    const four = trainClassifier({
      markers: Array.from({ length: p }, (_, j) => ({ name: `m${j}`, unit: 'u', transform: 'log' })),
      values,
      labels,
      immunotypes: ['a', 'b', 'c', 'd'],
      maxMarkers: 4,
      seed: 1,
    });
    expect(four.rule.markers.length).toBeLessThanOrEqual(4);
    for (const marker of four.rule.markers) expect(Number(marker.name.slice(1))).toBeLessThan(8);
    expect(four.rule.performance.cvAccuracy).toBeGreaterThanOrEqual(0.9);
    for (const auc of Object.values(four.rule.performance.auc)) expect(auc).toBeGreaterThan(0.95);
    // The out-of-fold probability of the true immunotype: far from the 0.25 of a shrunken model.
    const meanTrue = labels.reduce((s, y, i) => s + four.probabilities[i * 4 + y]!, 0) / 240;
    expect(meanTrue).toBeGreaterThan(0.8);
  });

  it('repeats the selection inside every fold: a marker that gives fold 0 away is not selected there', () => {
    // Labels that no real marker predicts, and a 'leak' marker that holds the immunotype of fold 0's patients
    // only (noise for the others). The whole cohort's selection takes it; fold 0's training part never saw its
    // signal, so fold 0 does not, and the cross-validated accuracy stays at chance. Had the selection (or the
    // rule) of all patients been used for the held-out ones, fold 0 would be classified right by the leak.
    const noise = new Rng(11);
    const labels = Int32Array.from(data.labels, () => noise.int(3));
    const foldid = stratifiedFolds(labels, 3, 5, new Rng(1));
    const p = markers.length;
    const values = Float64Array.from({ length: 240 * (p + 1) }, (_, t) => {
      const [i, j] = [Math.floor(t / (p + 1)), t % (p + 1)];
      if (j < p) return data.values[i * p + j]!;
      return (foldid[i] === 0 ? 10 * (labels[i]! - 1) : 0) + noise.normal();
    });
    const leak = { name: 'leak', unit: 'u', transform: 'none' as const };
    const training = trainClassifier({ ...data, markers: [...markers, leak], values, labels, seed: 1 });
    expect(training.foldid).toEqual(foldid);
    expect(training.rule.markers.map((m) => m.name)).toContain('leak');
    expect(training.foldMarkers[0]).not.toContain('leak');
    for (let f = 1; f < 5; f++) expect(training.foldMarkers[f]).toContain('leak');
    // The rule itself gets fold 0's patients right; their out-of-fold predictions do not.
    const fold0 = [...foldid.keys()].filter((i) => foldid[i] === 0);
    const right = (predicted: (i: number) => number) => fold0.filter((i) => predicted(i) === labels[i]).length;
    const row = (i: number) => Object.fromEntries([...markers, leak].map((m, j) => [m.name, values[i * (p + 1) + j]]));
    const ruleSays = (i: number) => immunotypes.indexOf(scorePatient(training.rule, row(i)).immunotype);
    expect(right(ruleSays)).toBeGreaterThan(0.9 * fold0.length);
    expect(right((i) => training.predicted[i]!)).toBeLessThan(0.5 * fold0.length);
    expect(training.rule.performance.cvAccuracy).toBeLessThan(0.42);
    for (const auc of Object.values(training.rule.performance.auc)) expect(auc).toBeLessThan(0.65);
  });

  it('refuses to export a rule when no marker predicts the immunotypes', () => {
    const noise = new Rng(11);
    const labels = Int32Array.from(data.labels, () => noise.int(3));
    inputError(() => trainClassifier({ ...data, labels, seed: 1 }), 'labels');
  });

  it('refuses input it cannot train on, naming the field', () => {
    const p = markers.length;
    const train = (change: Partial<TrainClassifierInput>) => () => trainClassifier({ ...data, seed: 1, ...change });
    const zeroIl6 = Float64Array.from(data.values);
    zeroIl6[5 * p] = 0;
    inputError(train({ values: zeroIl6 }), 'IL-6');
    const noPct = Float64Array.from(data.values, (v, t) => (t % p === 5 ? Number.NaN : v));
    inputError(train({ values: noPct }), 'PCT');
    const infinite = Float64Array.from(data.values);
    infinite[4] = Infinity;
    inputError(train({ values: infinite }), 'lymphocytes');
    inputError(train({ values: data.values.subarray(1) }), 'values');
    inputError(train({ labels: Int32Array.from(data.labels, (y, i) => (i === 0 ? 3 : y)) }), 'labels');
    inputError(train({ labels: Int32Array.from(data.labels, (y, i) => (y === 2 && i > 5 ? 0 : y)) }), 'labels');
    inputError(train({ maxMarkers: 0 }), 'maxMarkers');
    inputError(train({ alpha: 0 }), 'alpha');
    inputError(train({ nfolds: 2 }), 'nfolds');
    inputError(train({ seed: 0.5 }), 'seed');
    inputError(train({ immunotypes: ['a', 'a', 'b'] }), 'immunotypes.1');
    inputError(train({ markers: markers.map((m, j) => (j === 1 ? { ...m, name: 'IL-6' } : m)) }), 'markers.1');
  });
});

describe('scorePatient', () => {
  let training: ClassifierTraining;
  beforeAll(() => {
    training = trainClassifier({ ...data, maxMarkers: 3, seed: 1 });
  });
  const typical = { 'IL-6': 50, 'HLA-DR': 15000, ferritin: 500 };

  it('gives the right immunotype, probabilities summing to 1 in the rule order', () => {
    const cases: [Record<string, number>, string][] = [
      [{ ...typical, 'IL-6': 50 * Math.exp(2.5) }, 'hyperinflamed'],
      [{ ...typical, 'HLA-DR': 15000 * Math.exp(-1.25) }, 'immunoparalysed'],
      [{ ...typical, ferritin: 500 * Math.exp(2) }, 'mixed'],
    ];
    for (const [values, expected] of cases) {
      const scored = scorePatient(training.rule, values);
      expect(scored.immunotype).toBe(expected);
      expect(Object.keys(scored.probabilities)).toEqual(immunotypes);
      expect(Object.values(scored.probabilities).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
      expect(scored.probabilities[expected]).toBeGreaterThan(0.8);
      expect(scored.missing).toEqual([]);
    }
  });

  it('imputes an absent or null marker with the training median and lists it; ignores unknown keys', () => {
    const ferritin = training.rule.markers[2]!;
    const scored = scorePatient(training.rule, { 'IL-6': 400, 'HLA-DR': null, CRP: 'not used', sodium: 140 });
    expect(scored.missing).toEqual(['HLA-DR', 'ferritin']);
    const hladr = training.rule.markers[1]!;
    const imputed = scorePatient(training.rule, {
      'IL-6': 400,
      'HLA-DR': Math.exp(hladr.impute),
      ferritin: Math.exp(ferritin.impute),
    });
    immunotypes.forEach((name) => expect(scored.probabilities[name]).toBeCloseTo(imputed.probabilities[name]!, 12));
    expect(scorePatient(training.rule, {}).missing).toEqual(informative);
  });

  it('refuses a value that is not a finite number, or not positive for a log marker, naming the marker', () => {
    inputError(() => scorePatient(training.rule, { ...typical, 'IL-6': '50' }), 'IL-6');
    inputError(() => scorePatient(training.rule, { ...typical, ferritin: Number.NaN }), 'ferritin');
    inputError(() => scorePatient(training.rule, { ...typical, 'HLA-DR': 0 }), 'HLA-DR');
    inputError(() => scorePatient(training.rule, { ...typical, 'HLA-DR': -3 }), 'HLA-DR');
    inputError(() => scorePatient(training.rule, [] as unknown as Record<string, unknown>), 'input');
  });
});

/** A rule as read from a file, loosely typed so that the tests can break it. */
interface RawRule {
  [key: string]: unknown;
  markers: Record<string, unknown>[];
  intercepts: unknown[];
  coefficients: unknown[][];
  performance: { auc: Record<string, unknown> };
}

describe('parseClassifier', () => {
  let json: RawRule;
  beforeAll(() => {
    json = JSON.parse(JSON.stringify(trainClassifier({ ...data, maxMarkers: 3, seed: 1 }).rule)) as RawRule;
  });
  const edit = (change: (rule: RawRule) => unknown) => (rule: RawRule) => {
    const copy = structuredClone(rule);
    change(copy);
    return copy;
  };

  it('round-trips the rule through JSON, scoring the same', () => {
    const rule = parseClassifier(json);
    expect(rule).toEqual(json);
    expect(scorePatient(rule, { 'IL-6': 900 })).toEqual(
      scorePatient(parseClassifier(structuredClone(json)), { 'IL-6': 900 }),
    );
  });

  it.each<[string, (rule: RawRule) => unknown, string]>([
    ['not an object', () => 'classifier.json', 'classifier'],
    ['another format', () => ({ hello: 'world' }), 'format'],
    ['a newer version', edit((r) => (r.formatVersion = 2)), 'formatVersion'],
    ['one immunotype', edit((r) => (r.immunotypes = ['mixed'])), 'immunotypes'],
    ['no marker', edit((r) => (r.markers = [])), 'markers'],
    ['a marker without unit', edit((r) => delete r.markers[0]!.unit), 'markers.0.unit'],
    ['a marker as text', edit((r) => (r.markers = ['IL-6'] as never)), 'markers.0'],
    ['an unknown transform', edit((r) => (r.markers[1]!.transform = 'sqrt')), 'markers.1.transform'],
    ['a zero scale', edit((r) => (r.markers[2]!.scale = 0)), 'markers.2.scale'],
    ['a marker twice', edit((r) => (r.markers[2]!.name = 'IL-6')), 'markers.2.name'],
    ['an intercept short', edit((r) => r.intercepts.pop()), 'intercepts'],
    ['a coefficient row short', edit((r) => r.coefficients[1]!.pop()), 'coefficients.1'],
    ['a coefficient as text', edit((r) => (r.coefficients[0]![0] = '1')), 'coefficients.0.0'],
    ['an AUC missing', edit((r) => delete r.performance.auc.mixed), 'performance.auc'],
  ])('%s: an InputError naming the field', (_what, make, field) => {
    inputError(() => parseClassifier(make(json)), field);
  });
});
