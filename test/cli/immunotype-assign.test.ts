import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedDatasets } from '../../src/demo/model/analysis-cohort.ts';
import { assignSamples, buildModel, type ImmunotypeModel } from '../../src/immunotype/assignment.ts';
import type { SampleRecord } from '../../src/immunotype/dataset.ts';
import { assignPatient } from '../../src/immunotype/model-file.ts';
import { applyPreprocessing, fitPreprocessing } from '../../src/immunotype/preprocess.ts';
import { preprocessingOptions } from '../../src/immunotype/spec.ts';
import { analysis } from '../../src/protocol/nct07273344/analysis.ts';
import { kmeans } from '../../src/stats/cluster/kmeans.ts';
import { septype, type CliRun } from '../support/septype-cli.ts';

const panel = analysis.panel;
const names = ['IT1', 'IT2', 'IT3'];

interface Assignment {
  immunotype: string;
  confidence: number;
  far: boolean;
  probabilities: Record<string, number>;
  missing: string[];
}

const success = <T = Assignment>(run: CliRun): T => {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
};

const failure = (run: CliRun) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; field?: string; index?: number } }).error;
};

let dir: string;
let model: ImmunotypeModel;
/** Fully measured discovery samples (no value below the LOD), each with the model's answer for its scaled row. */
let measured: { values: Record<string, number>; own: string; expected: ReturnType<typeof assignSamples>[number] }[];
const file = (name: string) => join(dir, name);
const assign = (input: unknown, path = file('model.json'), args: string[] = []) =>
  septype(['immunotype', 'assign', '--model', path, ...args], {
    stdin: typeof input === 'string' ? input : JSON.stringify(input),
  });

describe('septype immunotype assign --model (assignment of a new patient to a saved model)', () => {
  beforeAll(() => {
    // A discovery as src/immunotype/pipeline.ts runs it, with plain k-means in place of consensus clustering.
    const atD0 = simulatedDatasets(80, 3).samples.filter((s) => s.visit === 'D0');
    const panelOf = (samples: readonly SampleRecord[]) => ({
      markers: panel,
      values: samples.map((s) => panel.map((code) => s.values[code] ?? null)),
    });
    const fitted = fitPreprocessing(panelOf(atD0), preprocessingOptions.parse({}));
    const samples = atD0.filter((_s, i) => fitted.usable[i]);
    const x = applyPreprocessing(fitted.preprocessing, panelOf(samples));
    const { cluster } = kmeans(x, samples.length, panel.length, { k: names.length, random: 1 });
    model = buildModel(fitted.preprocessing, x, Array.from(cluster), names);
    const own = assignSamples(model, x);
    measured = samples.flatMap((s, i) =>
      panel.every((code) => s.values[code] !== undefined && !s.values[code].belowLod)
        ? [
            {
              values: Object.fromEntries(panel.map((code) => [code, s.values[code]!.value])),
              own: names[cluster[i]!]!,
              expected: own[i]!,
            },
          ]
        : [],
    );
    // The most confident first: an unambiguous member of its immunotype.
    measured.sort((a, b) => b.expected.confidence - a.expected.confidence);

    dir = mkdtempSync(join(tmpdir(), 'septype-immunotype-assign-'));
    // As `septype analysis run` writes it (src/features/analysis/run-files.ts).
    writeFileSync(file('model.json'), `${JSON.stringify(model, null, 2)}\n`);
    writeFileSync(file('truncated.json'), JSON.stringify(model).slice(0, 300));
    writeFileSync(file('classifier.json'), JSON.stringify({ format: 'septype-classifier', formatVersion: 1 }));
    const short = { ...model, centroids: model.centroids.map((row, c) => (c === 1 ? row.slice(1) : row)) };
    writeFileSync(file('short.json'), JSON.stringify(short));
  });

  it('one patient: exit 0, the keys in the contract order, a training sample in its own immunotype', async () => {
    const [best] = measured;
    const result = success(await assign({ ...best!.values, lactate: 3.1, studyId: 'P001' }));
    expect(Object.keys(result)).toEqual(['immunotype', 'confidence', 'far', 'probabilities', 'missing']);
    expect(result.immunotype).toBe(best!.own);
    expect(result.confidence).toBeGreaterThan(0.99);
    expect(result.far).toBe(false);
    expect(result.missing).toEqual([]);
    expect(Object.keys(result.probabilities)).toEqual(names);
    expect(Object.values(result.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    // The command gives what the library gives, to the last digit JSON carries.
    expect(result).toEqual(assignPatient(model, best!.values));
  });

  it('an array: an array of results in the same order, as the discovery assigned each sample', async () => {
    const some = measured.slice(0, 10);
    const results = success<Assignment[]>(await assign(some.map((m) => m.values)));
    expect(results).toHaveLength(some.length);
    results.forEach((result, i) => {
      expect(result.immunotype).toBe(some[i]!.expected.immunotype);
      expect(result.confidence).toBeCloseTo(some[i]!.expected.confidence, 12);
    });
    expect(success<Assignment[]>(await assign([]))).toEqual([]);
  });

  it('a missing marker (absent or null) is imputed and listed in the model order; too many is exit 2', async () => {
    const { values } = measured[0]!;
    const { crp: _crp, ...withoutCrp } = values;
    const result = success(await assign({ ...withoutCrp, il6: null }));
    expect(result.missing).toEqual(['il6', 'crp']);
    expect(result).toEqual(assignPatient(model, { ...withoutCrp, il6: null }));
    // 0.2 × 19 markers: 3 may be missing, not 4.
    const error = failure(await assign({ ...withoutCrp, il6: null, il8: null, pct: null }));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'input' });
    expect(error.message).toContain('il6, il8, crp, pct');
    expect(error.index).toBeUndefined();
    expect(failure(await assign([values, {}]))).toMatchObject({ field: 'input', index: 1 });
  });

  it('a patient far from every centroid is flagged', async () => {
    const extreme = Object.fromEntries(panel.map((code, j) => [code, j % 2 === 0 ? 1e6 : 1e-6]));
    expect(success(await assign(extreme)).far).toBe(true);
  });

  it.each([
    ['a value as text', { crp: '120' }, 'crp'],
    ['zero (the panel is log-transformed)', { il10: 0 }, 'il10'],
    ['a negative value', { ferritin: -5 }, 'ferritin'],
    ['a value as an object', { il6: { value: 50 } }, 'il6'],
  ])('%s: exit 2, a JSON error naming the marker, nothing on stdout', async (_what, change, field) => {
    const error = failure(await assign({ ...measured[0]!.values, ...change }));
    expect(error).toMatchObject({ code: 'invalid_input', field });
    expect(error.message).toContain(field);
  });

  it('a bad value in an array names the marker and the index', async () => {
    const error = failure(await assign([measured[0]!.values, { ...measured[1]!.values, mhladr: 'low' }]));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'mhladr', index: 1 });
  });

  it.each([
    ['a number', 42, 'input'],
    ['malformed JSON', '{"il6": ', 'stdin'],
  ])('%s on stdin: exit 2 naming the field', async (_what, input, field) => {
    expect(failure(await assign(input))).toMatchObject({ code: 'invalid_input', field });
  });

  it('without --model, or with an unknown flag: exit 2 naming the flag', async () => {
    const stdin = JSON.stringify(measured[0]!.values);
    expect(failure(await septype(['immunotype', 'assign'], { stdin }))).toMatchObject({ field: '--model' });
    expect(failure(await septype(['immunotype', 'assign', '--model', ''], { stdin }))).toMatchObject({
      field: '--model',
    });
    expect(failure(await assign(measured[0]!.values, file('model.json'), ['--rule-set', 'ImmunoSep']))).toMatchObject({
      field: '--rule-set',
    });
  });

  it.each([
    ['a file that does not exist', 'absent.json', /cannot read .*ENOENT/],
    ['a directory', '.', /cannot read/],
    ['a truncated file', 'truncated.json', /is not JSON/],
    ['another septype file', 'classifier.json', /not a septype immunotype model: format/],
    ['centroids inconsistent with the markers', 'short.json', /not a septype immunotype model: centroids\.1/],
  ])('%s as the model: exit 2, a JSON error naming --model and the problem', async (_what, name, message) => {
    const error = failure(await assign(measured[0]!.values, name === '.' ? dir : file(name)));
    expect(error).toMatchObject({ code: 'invalid_input', field: '--model' });
    expect(error.message).toMatch(message);
  });

  it('has its help', async () => {
    const run = await septype(['immunotype', 'assign', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('septype immunotype assign --model');
    expect(run.stdout).toContain('septype immunotype rules');
  });
});
