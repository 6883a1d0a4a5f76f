import { describe, expect, it } from 'vitest';
import { septype as runSeptype } from '../support/septype-cli.ts';

const septype = (args: string[], stdin: string) => runSeptype(args, { stdin });

describe('septype score (the fixed command-line contract of shared/docs/sofa2.md)', () => {
  it('scores one SOFA-2 window: an object in, an object out', async () => {
    const run = await septype(
      ['score', 'sofa2'],
      JSON.stringify({ gcs: 12, plateletsE3PerUl: 40, bilirubinUmolL: 60 }),
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      version: 'sofa2',
      total: 2 + 4 + 2,
      components: { brain: 2, hemostasis: 4, liver: 2, respiratory: null, cardiovascular: null, kidney: null },
      missing: ['respiratory', 'cardiovascular', 'kidney'],
    });
    expect((result.notes as string[]).some((n) => n.includes('µmol/L'))).toBe(true);
  });

  it('scores an array of windows in the same order', async () => {
    const run = await septype(
      ['score', 'sofa1'],
      JSON.stringify([{ plateletsE3PerUl: 140 }, { plateletsE3PerUl: 10 }]),
    );
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { version: string; components: { hemostasis: number } }[];
    expect(results.map((r) => [r.version, r.components.hemostasis])).toEqual([
      ['sofa1', 1],
      ['sofa1', 4],
    ]);
  });

  it('rejects the whole call when one element is invalid: exit 2, JSON error naming field and index, empty stdout', async () => {
    for (const [input, field, index] of [
      [[{ gcs: 15 }, { gcs: 17 }], 'gcs', 1],
      [[{ fio2: 0.1 }], 'fio2', 0],
      [{ norepinephrineUgKgMin: -0.1 }, 'norepinephrineUgKgMin', undefined],
      [{ gcs: 'fifteen' }, 'gcs', undefined],
    ] as const) {
      const run = await septype(['score', 'sofa2'], JSON.stringify(input));
      expect(run.code, JSON.stringify(input)).toBe(2);
      expect(run.stdout).toBe('');
      const error = (JSON.parse(run.stderr) as { error: { code: string; field: string; index?: number } }).error;
      expect(error).toMatchObject({ code: 'invalid_input', field });
      expect(error.index).toBe(index);
    }
  });

  it('answers malformed JSON and an unknown score with exit 2', async () => {
    const bad = await septype(['score', 'sofa2'], '{"gcs": ');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { field: 'stdin' } });
    expect((await septype(['score', 'apache'], '{}')).code).toBe(2);
  });

  it('scores days, Sepsis-3 and qSOFA', async () => {
    const days = await septype(
      ['score', 'sofa2-days'],
      JSON.stringify({
        icuAdmission: '2026-03-02T14:00:00+01:00',
        observations: [{ time: '2026-03-03T16:00:00+01:00', plateletsE3PerUl: 90 }],
      }),
    );
    expect(days.code).toBe(0);
    expect((JSON.parse(days.stdout) as unknown[]).length).toBe(2);

    const sepsis = await septype(
      ['score', 'sepsis3'],
      JSON.stringify({
        infection: 'suspected',
        sofa2Total: 5,
        baselineSofa2: 1,
        vasopressorsForMap65: true,
        lactateMmolL: 3.1,
        adequateFluids: true,
      }),
    );
    expect(sepsis.code).toBe(0);
    expect(JSON.parse(sepsis.stdout)).toMatchObject({ sepsis: true, septicShock: true, sofaIncrease: 4 });

    const qsofa = await septype(['score', 'qsofa'], JSON.stringify({ respiratoryRate: 24, gcs: 14, systolicBp: 120 }));
    expect(qsofa.code).toBe(0);
    expect(JSON.parse(qsofa.stdout)).toMatchObject({ positive: true });
  });
});

describe('septype score eq5d5l (the fixed command-line contract of issue 11)', () => {
  /** Floating point: the Dutch coefficients are decimal fractions; 12 digits is far below the table's 3 decimals. */
  const digits = 12;
  interface ErrorBody {
    error: { code: string; message: string; key?: string; field?: string; index?: number };
  }
  const failure = (run: { code: number; stdout: string; stderr: string }) => {
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    return (JSON.parse(run.stderr) as ErrorBody).error;
  };

  it('one object in, {index, valueSet} out, unrounded', async () => {
    const run = await septype(['score', 'eq5d5l'], JSON.stringify({ profile: '21111' }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['index', 'valueSet']);
    expect(result.valueSet).toBe('NL-5L-2016');
    expect(result.index).toBeCloseTo(0.918, digits);
  });

  it('an array in, an array out in the same order', async () => {
    const profiles = ['11111', '21111', '55555', '12345'];
    const run = await septype(['score', 'eq5d5l'], JSON.stringify(profiles.map((profile) => ({ profile }))));
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { index: number; valueSet: string }[];
    expect(results.map((r) => r.valueSet)).toEqual(profiles.map(() => 'NL-5L-2016'));
    // 12345: 1 − 0.047 − 0 − 0.038 − 0.087 − 0.360 − 0.421
    const expected = [1, 0.918, -0.446, 1 - 0.047 - 0.038 - 0.087 - 0.36 - 0.421];
    results.forEach((r, i) => expect(r.index).toBeCloseTo(expected[i] ?? Number.NaN, digits));
  });

  it('an empty array gives an empty array (exit 0), like every score', async () => {
    const run = await septype(['score', 'eq5d5l'], '[]');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it.each([
    ['6 digits', '211111', 'clinical.eq5d5lProfile'],
    ['a 0', '21011', 'clinical.eq5d5lProfile'],
    ['a 6', '21611', 'clinical.eq5d5lProfile'],
    ['letters', 'abcde', 'clinical.eq5d5lProfile'],
    ['4 digits', '2111', 'clinical.eq5d5lProfile'],
    ['the empty text', '', 'clinical.eq5d5lProfile'],
    ['a number, not a text', 21111, 'input.wrongType'],
    ['null', null, 'input.wrongType'],
    ['missing', undefined, 'input.required'],
  ])('a profile that is %s: exit 2, JSON error naming profile, nothing on stdout', async (_what, profile, key) => {
    const one = failure(await septype(['score', 'eq5d5l'], JSON.stringify({ profile })));
    expect(one).toMatchObject({ code: 'invalid_input', field: 'profile', key });
    expect(one.message).toMatch(/^profile: /);
    expect(one).not.toHaveProperty('index');

    const many = failure(
      await septype(['score', 'eq5d5l'], JSON.stringify([{ profile: '11111' }, { profile: '21111' }, { profile }])),
    );
    expect(many).toMatchObject({ code: 'invalid_input', field: 'profile', key, index: 2 });
  });

  it('the error has the same shape as every score rule: code, message, key, params, field, index', async () => {
    const error = failure(await septype(['score', 'eq5d5l'], JSON.stringify([{ profile: '11111' }, { profile: '6' }])));
    expect(error).toEqual({
      code: 'invalid_input',
      message:
        'profile: an EQ-5D-5L profile is five digits 1-5, one per dimension in the order MO SC UA PD AD, e.g. "21111"',
      key: 'clinical.eq5d5lProfile',
      params: {},
      field: 'profile',
      index: 1,
    });
  });

  it('the first bad element is named; nothing is printed for the good ones', async () => {
    const error = failure(
      await septype(['score', 'eq5d5l'], JSON.stringify([{ profile: '11111' }, { profile: '0' }, { profile: 'x' }])),
    );
    expect(error).toMatchObject({ field: 'profile', index: 1 });
  });

  it('other fields are refused naming them; an element that is not an object names the whole input', async () => {
    const extra = failure(await septype(['score', 'eq5d5l'], JSON.stringify({ profile: '21111', vas: 80 })));
    expect(extra).toMatchObject({ code: 'invalid_input', field: 'vas', key: 'input.unknownField' });
    const extraInArray = failure(
      await septype(['score', 'eq5d5l'], JSON.stringify([{ profile: '21111' }, { profile: '21111', valueSet: 'x' }])),
    );
    expect(extraInArray).toMatchObject({ field: 'valueSet', index: 1 });
    const bare = failure(await septype(['score', 'eq5d5l'], JSON.stringify(['21111'])));
    expect(bare).toMatchObject({ code: 'invalid_input', field: 'input', index: 0 });
  });

  it('input that is not JSON names stdin', async () => {
    expect(failure(await septype(['score', 'eq5d5l'], '{"profile": 21111'))).toMatchObject({ field: 'stdin' });
  });
});

describe('septype eligibility', () => {
  const eligiblePatient = {
    ageYears: 67,
    infection: 'suspected',
    admissionType: 'new',
    sofa2Total: 6,
    baselineSofa2: 0,
    neutropenia: false,
    cd4Below400: false,
    primaryImmunodeficiency: false,
    biologics: false,
    solidOrganTransplant: false,
    allogeneicBmt: false,
    weightKg: 80,
    corticosteroids: [{ drug: 'prednisolone', dailyDoseMg: 10, days: 20 }],
  };

  it('prints the decision with its reasons', async () => {
    const run = await septype(['eligibility'], JSON.stringify(eligiblePatient));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ eligible: true, inclusionFailed: [], exclusionsMet: [] });

    const steroids = await septype(
      ['eligibility'],
      JSON.stringify({ ...eligiblePatient, corticosteroids: [{ drug: 'prednisolone', dailyDoseMg: 40, days: 20 }] }),
    );
    expect(JSON.parse(steroids.stdout)).toMatchObject({ eligible: false, exclusionsMet: ['corticosteroids'] });
  });

  it('names an unknown drug as an input error', async () => {
    const run = await septype(
      ['eligibility'],
      JSON.stringify({ ...eligiblePatient, corticosteroids: [{ drug: 'aspirin', dailyDoseMg: 80, days: 100 }] }),
    );
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'invalid_input', field: 'corticosteroids.0.drug' } });
  });
});
