import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scorePatient, trainClassifier, type ClassifierRule } from '../../src/immunotype/classifier.ts';
import { Rng } from '../../src/stats/random.ts';
import { septype, type CliRun } from '../support/septype-cli.ts';

const immunotypes = ['hyperinflamed', 'immunoparalysed', 'mixed'];
const markers = [
  { name: 'IL-6', unit: 'pg/mL', transform: 'log' as const },
  { name: 'HLA-DR', unit: 'AB/C', transform: 'log' as const },
  { name: 'ferritin', unit: 'µg/L', transform: 'log' as const },
  { name: 'CRP', unit: 'mg/L', transform: 'log' as const },
  { name: 'lymphocytes', unit: '10^9/L', transform: 'none' as const },
];
// Transformed-scale means; each of the first three markers moves one immunotype by 2.5 sd (sd 1 on that scale).
const mean = [Math.log(50), Math.log(15000), Math.log(500), Math.log(100), 1.2];
const shift = [
  [2.5, 0, 0],
  [0, -2.5, 0],
  [0, 0, 2.5],
];

function simulate(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = markers.length;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const t = mean[j]! + (j === 4 ? 0.4 : 1) * (rng.normal() + (shift[j]?.[labels[i]!] ?? 0));
      values[i * p + j] = markers[j]!.transform === 'log' ? Math.exp(t) : t;
    }
  }
  return { markers, values, labels, immunotypes };
}

interface Classification {
  immunotype: string;
  probabilities: Record<string, number>;
  missing: string[];
}

const success = (run: CliRun): Classification => {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Classification;
};

const failure = (run: CliRun) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; field?: string } }).error;
};

let dir: string;
let rule: ClassifierRule;
const file = (name: string) => join(dir, name);
const classify = (input: unknown, model = file('classifier.json'), args: string[] = []) =>
  septype(['classify', '--model', model, ...args], {
    stdin: typeof input === 'string' ? input : JSON.stringify(input),
  });

const typical = { 'IL-6': 50, 'HLA-DR': 15000, ferritin: 500 };

// The command runs only once src/cli/main.ts registers it (commands.classify, loading classify.ts).
describe('septype classify --model (the fixed command-line contract)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'septype-classify-'));
    rule = trainClassifier({ ...simulate(150, 5), maxMarkers: 3, seed: 1 }).rule;
    writeFileSync(file('classifier.json'), JSON.stringify(rule, null, 2));
    writeFileSync(file('truncated.json'), JSON.stringify(rule).slice(0, 200));
    writeFileSync(file('other.json'), JSON.stringify({ beads: [], samples: [] }));
    const sqrt = { ...rule, markers: rule.markers.map((m, j) => (j === 1 ? { ...m, transform: 'sqrt' } : m)) };
    writeFileSync(file('sqrt.json'), JSON.stringify(sqrt));
  });

  it('one patient: exit 0, the immunotype, its probabilities summing to 1, the keys in the contract order', async () => {
    expect(rule.markers.map((m) => m.name)).toEqual(['IL-6', 'HLA-DR', 'ferritin']);
    const patient = { ...typical, 'IL-6': 50 * Math.exp(2.5), sodium: 140, site: 'NIJ' };
    const result = success(await classify(patient));
    expect(Object.keys(result)).toEqual(['immunotype', 'probabilities', 'missing']);
    expect(result.immunotype).toBe('hyperinflamed');
    expect(Object.keys(result.probabilities)).toEqual(immunotypes);
    expect(Object.values(result.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(result.probabilities.hyperinflamed).toBeGreaterThan(0.8);
    expect(result.missing).toEqual([]);
    // The command applies the same rule as the library, to the last digit JSON carries.
    expect(result).toEqual(scorePatient(rule, patient));

    const paralysed = success(await classify({ ...typical, 'HLA-DR': 15000 * Math.exp(-1.25) }));
    expect(paralysed.immunotype).toBe('immunoparalysed');
  });

  it('a missing marker (absent or null) is imputed and listed, in the rule order', async () => {
    const result = success(await classify({ ferritin: 500 * Math.exp(2), 'IL-6': null }));
    expect(result.missing).toEqual(['IL-6', 'HLA-DR']);
    expect(result.immunotype).toBe('mixed');
    expect(result).toEqual(scorePatient(rule, { ferritin: 500 * Math.exp(2) }));
    expect(success(await classify({})).missing).toEqual(['IL-6', 'HLA-DR', 'ferritin']);
  });

  it.each([
    ['a value as text', { ...typical, 'IL-6': '50' }, 'IL-6'],
    ['zero for a log marker', { ...typical, 'HLA-DR': 0 }, 'HLA-DR'],
    ['a negative value for a log marker', { ...typical, ferritin: -2 }, 'ferritin'],
    ['a value as an object', { ...typical, 'IL-6': { value: 50 } }, 'IL-6'],
    ['an array of patients', [typical], 'input'],
    ['a number', 42, 'input'],
    ['malformed JSON', '{"IL-6": ', 'stdin'],
  ])('%s: exit 2, a JSON error naming the field, nothing on stdout', async (_what, input, field) => {
    expect(failure(await classify(input))).toMatchObject({ code: 'invalid_input', field });
  });

  it('without --model, or with an unknown flag: exit 2 naming the flag', async () => {
    const missing = failure(await septype(['classify'], { stdin: JSON.stringify(typical) }));
    expect(missing).toMatchObject({ code: 'invalid_input', field: '--model' });
    const empty = failure(await septype(['classify', '--model', ''], { stdin: JSON.stringify(typical) }));
    expect(empty).toMatchObject({ field: '--model' });
    const unknown = failure(await classify(typical, file('classifier.json'), ['--format', 'csv']));
    expect(unknown).toMatchObject({ field: '--format' });
  });

  it.each([
    ['a file that does not exist', 'absent.json', /cannot read .*ENOENT/],
    ['a directory', '.', /cannot read/],
    ['a truncated file', 'truncated.json', /is not JSON/],
    ['JSON that is not a classifier', 'other.json', /not a septype classifier: format/],
    ['a classifier with a bad marker', 'sqrt.json', /not a septype classifier: markers\.1\.transform/],
  ])('%s as the model: exit 2, a JSON error naming the problem, nothing on stdout', async (_what, name, message) => {
    const error = failure(await classify(typical, name === '.' ? dir : file(name)));
    expect(error).toMatchObject({ code: 'invalid_input', field: '--model' });
    expect(error.message).toMatch(message);
  });

  it('has its help', async () => {
    const run = await septype(['classify', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('septype classify --model');
  });
});
