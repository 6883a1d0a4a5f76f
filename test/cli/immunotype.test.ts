import { describe, expect, it } from 'vitest';
import { septype as runSeptype, type CliRun } from '../support/septype-cli.ts';

const rules = (input: unknown, args: string[] = []) =>
  runSeptype(['immunotype', 'rules', ...args], { stdin: typeof input === 'string' ? input : JSON.stringify(input) });

interface Result {
  immunotype: 'MALS' | 'immunoparalysis' | 'intermediate' | 'unclassifiable';
  ruleSet: string;
  version: string;
  reason: string;
}

const success = <T = Result>(run: CliRun): T => {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
};

const failure = (run: CliRun) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; field?: string; index?: number } }).error;
};

describe('septype immunotype rules (the fixed command-line contract)', () => {
  it('one object: exit 0, the keys in the contract order, the ImmunoSep rule set version 1', async () => {
    const result = success(await rules({ ferritinNgMl: 5200, hladrAbc: 12000 }));
    expect(Object.keys(result)).toEqual(['immunotype', 'ruleSet', 'version', 'reason']);
    expect(result).toMatchObject({ immunotype: 'MALS', ruleSet: 'ImmunoSep', version: '1' });
    expect(result.reason).toContain('ferritin 5200 ng/mL > 4420 ng/mL');
  });

  it('an array: an array of results in the same order, every branch', async () => {
    const input = [
      { ferritinNgMl: 600, hladrAbc: 2700 },
      { ferritinNgMl: 9000, hladrAbc: 2000 },
      { ferritinNgMl: 6000 },
      { ferritinNgMl: 600, hladrAbc: 12000 },
      { ferritinNgMl: 4420, hladrAbc: 5000 },
      { ferritinNgMl: 600, hladrAbc: null },
      { hladrAbc: 1500 },
    ];
    const results = success<Result[]>(await rules(input));
    expect(results.map((r) => r.immunotype)).toEqual([
      'immunoparalysis',
      'MALS',
      'MALS',
      'intermediate',
      'intermediate',
      'unclassifiable',
      'unclassifiable',
    ]);
    expect(results[5]?.reason).toContain('HLA-DR (AB/C) is missing');
    expect(results[6]?.reason).toContain('ferritin is missing');
    expect(success<Result[]>(await rules([]))).toEqual([]);
  });

  it('an empty object: unclassifiable, naming both missing values', async () => {
    const result = success(await rules({}));
    expect(result.immunotype).toBe('unclassifiable');
    expect(result.reason).toContain('ferritin is missing');
    expect(result.reason).toContain('HLA-DR (AB/C) is missing');
  });

  it('--rule-set chooses another rule set, which the result names', async () => {
    const input = { ferritinNgMl: 600, hladrAbc: 6000 };
    expect(success(await rules(input)).immunotype).toBe('intermediate');
    expect(success(await rules(input, ['--rule-set', 'HLA-DR-8000']))).toMatchObject({
      immunotype: 'immunoparalysis',
      ruleSet: 'HLA-DR-8000',
      version: '1',
    });
    expect(success(await rules(input, ['--rule-set', 'ImmunoSep'])).ruleSet).toBe('ImmunoSep');
  });

  it('a negative value in an array: exit 2, nothing on stdout, the error names the field and the index', async () => {
    const error = failure(
      await rules([
        { ferritinNgMl: 600, hladrAbc: 3000 },
        { ferritinNgMl: 600, hladrAbc: -1 },
      ]),
    );
    expect(error).toMatchObject({ code: 'invalid_input', field: 'hladrAbc', index: 1 });
  });

  it.each([
    ['a negative ferritin', { ferritinNgMl: -5 }, 'ferritinNgMl'],
    ['a number as text', { ferritinNgMl: '5200' }, 'ferritinNgMl'],
    ['a non-numeric string', { hladrAbc: 'low' }, 'hladrAbc'],
    ['an unknown field', { ferritin: 5200 }, 'ferritin'],
    ['not an object', 42, 'input'],
    ['malformed JSON', '{"ferritinNgMl": ', 'stdin'],
  ])('%s: exit 2, a JSON error naming the field, nothing on stdout', async (_what, input, field) => {
    const error = failure(await rules(input));
    expect(error).toMatchObject({ code: 'invalid_input', field });
    expect(error.index).toBeUndefined();
  });

  it('a non-numeric value in an array names its index', async () => {
    const error = failure(await rules([{}, {}, { ferritinNgMl: 'high' }]));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'ferritinNgMl', index: 2 });
  });

  it('an unknown rule set is an input error naming the flag and the known rule sets', async () => {
    const error = failure(await rules({ ferritinNgMl: 600, hladrAbc: 3000 }, ['--rule-set', 'Sweeney']));
    expect(error).toMatchObject({ code: 'invalid_input', field: '--rule-set' });
    expect(error.message).toContain('ImmunoSep');
    expect(failure(await rules({}, ['--rule-set', 'toString']))).toMatchObject({ field: '--rule-set' });
  });

  it('an unknown subcommand or flag is an input error', async () => {
    expect(failure(await runSeptype(['immunotype', 'cluster'], { stdin: '{}' }))).toMatchObject({
      field: 'subcommand',
    });
    expect(failure(await runSeptype(['immunotype'], { stdin: '{}' }))).toMatchObject({ field: 'subcommand' });
    expect(failure(await rules({}, ['--ferritin']))).toMatchObject({ field: '--ferritin' });
  });

  it('has its help', async () => {
    const run = await runSeptype(['immunotype', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('septype immunotype rules');
  });
});
