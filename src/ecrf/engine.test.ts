import { describe, expect, it } from 'vitest';
import type { CaseReportForms, FormDefinition, ItemGroupDefinition, MissingCode } from '../protocol/forms.ts';
import { calculatorsFor, clinicalCalculators, type Calculator } from './calculators.ts';
import { compileForms, FormDefinitionError, type CompiledForm } from './compile.ts';
import { evaluateForm, type Entry } from './evaluate.ts';
import type { ItemValue } from './expressions.ts';

/** The engine's rules, on a small form with one of everything: types, branching, calculations, checks, rows. */

const sumOfTwo: Calculator = {
  inputs: { a: 'int', b: 'int' },
  outputs: { total: 'int', doubled: 'int' },
  run: ({ a, b }) =>
    a === undefined || b === undefined
      ? { total: null, doubled: null }
      : { total: Number(a) + Number(b), doubled: 2 * (Number(a) + Number(b)) },
};
const calculators = { sum_of_two: sumOfTwo };

const baseline: FormDefinition = {
  id: 'baseline',
  version: '1',
  label: 'Baseline',
  groups: [
    {
      id: 'body',
      label: 'Body',
      items: [
        { id: 'sex', label: 'Sex', type: 'single_choice', codeList: 'sex', required: true },
        { id: 'pregnant', label: 'Pregnant', type: 'yes_no', showWhen: 'sex == "female"', required: true },
        { id: 'height_cm', label: 'Height', type: 'decimal', unit: 'cm', hardRange: { min: 50, max: 250 } },
        { id: 'weight_kg', label: 'Weight', type: 'decimal', unit: 'kg', softRange: { min: 35, max: 200 } },
        {
          id: 'bmi',
          label: 'BMI',
          type: 'calculated',
          unit: 'kg/m2',
          calculation: { expression: 'weight_kg / ((height_cm / 100.0) * (height_cm / 100.0))' },
        },
        { id: 'score_a', label: 'A', type: 'integer' },
        { id: 'score_b', label: 'B', type: 'integer' },
        {
          id: 'score_total',
          label: 'A + B',
          type: 'calculated',
          calculation: { calculator: 'sum_of_two', inputs: { a: 'score_a', b: 'score_b' }, output: 'total' },
        },
        { id: 'admitted_on', label: 'Admitted', type: 'date' },
        { id: 'discharged_on', label: 'Discharged', type: 'date' },
        { id: 'symptoms', label: 'Symptoms', type: 'multiple_choice', codeList: 'symptoms' },
        { id: 'fever_days', label: 'Days of fever', type: 'integer', requireWhen: '"fever" in symptoms' },
      ],
    },
    {
      id: 'antibiotics',
      label: 'Antibiotics',
      repeating: true,
      items: [
        { id: 'drug', label: 'Drug', type: 'text', required: true },
        { id: 'started_on', label: 'Started', type: 'date' },
        { id: 'stopped_on', label: 'Stopped', type: 'date' },
      ],
    },
  ],
  checks: [
    {
      id: 'discharge_after_admission',
      severity: 'hard',
      expression: 'discharged_on >= admitted_on',
      message: 'discharge before admission',
      items: ['discharged_on', 'admitted_on'],
    },
    {
      id: 'stop_after_start',
      severity: 'soft',
      expression: 'stopped_on >= started_on',
      message: 'stopped before it started',
      items: ['stopped_on'],
    },
  ],
};

const crf = (forms: FormDefinition[]): CaseReportForms => ({
  codeLists: [
    {
      id: 'sex',
      options: [
        { code: 'female', label: 'Female' },
        { code: 'male', label: 'Male' },
      ],
    },
    {
      id: 'symptoms',
      options: [
        { code: 'fever', label: 'Fever' },
        { code: 'cough', label: 'Cough' },
      ],
    },
  ],
  forms,
  schedule: forms.map((f) => ({ form: f.id, once: true })),
});

const form: CompiledForm = compileForms(crf([baseline]), calculators).get('baseline@1')!;
const values = (entries: Record<string, ItemValue | { missing: MissingCode }>): Record<string, Entry> =>
  Object.fromEntries(
    Object.entries(entries).map(([id, v]) => [
      id,
      typeof v === 'object' && !Array.isArray(v) ? (v as { missing: MissingCode }) : { value: v as ItemValue },
    ]),
  );

describe('branching', () => {
  it('shows an item only while its condition holds, and does not keep what a hidden item held', () => {
    expect(evaluateForm(form, { items: values({ sex: 'female' }) }).shown.has('pregnant')).toBe(true);
    const male = evaluateForm(form, { items: values({ sex: 'male', pregnant: false }) });
    expect(male.shown.has('pregnant')).toBe(false);
    expect(male.hiddenWithEntry).toEqual(['pregnant']);
  });

  it('hides a conditional item while the item its condition reads is not answered', () => {
    expect(evaluateForm(form, { items: {} }).shown.has('pregnant')).toBe(false);
  });
});

describe('required items', () => {
  it('needs a value or an explicit missing code for every shown required item', () => {
    expect(evaluateForm(form, { items: values({ sex: 'female' }) }).missingRequired).toEqual(['pregnant']);
    const told = evaluateForm(form, { items: values({ sex: 'female', pregnant: { missing: 'unknown' } }) });
    expect(told.missingRequired).toEqual([]);
  });

  it('requires an item only while its condition holds; "none chosen" is an answer, unlike "not asked"', () => {
    expect(evaluateForm(form, { items: values({ sex: 'male', symptoms: ['fever'] }) }).missingRequired).toEqual([
      'fever_days',
    ]);
    expect(evaluateForm(form, { items: values({ sex: 'male', symptoms: [] }) }).missingRequired).toEqual([]);
    expect(evaluateForm(form, { items: values({ sex: 'male' }) }).missingRequired).toEqual([]);
  });
});

describe('calculated items', () => {
  it('computes an expression from the values it reads, and nothing while one is missing', () => {
    const full = evaluateForm(form, { items: values({ height_cm: 180, weight_kg: 81 }) });
    expect(full.calculated.bmi).toBeCloseTo(25, 10);
    expect(evaluateForm(form, { items: values({ height_cm: 180 }) }).calculated.bmi).toBeNull();
  });

  it('calls a named calculator with the items mapped to its inputs, and takes the output it names', () => {
    expect(evaluateForm(form, { items: values({ score_a: 2, score_b: 3 }) }).calculated.score_total).toBe(5);
    expect(evaluateForm(form, { items: values({ score_a: 2 }) }).calculated.score_total).toBeNull();
  });
});

describe('range checks', () => {
  it('refuses a value outside the hard range, and asks to confirm one outside the soft range', () => {
    const { findings } = evaluateForm(form, { items: values({ height_cm: 18, weight_kg: 250 }) });
    expect(findings).toEqual([
      { severity: 'hard', keys: ['height_cm'], rule: 'range', message: '18 is outside 50–250 cm' },
      {
        severity: 'soft',
        keys: ['weight_kg'],
        rule: 'range',
        message: '250 is outside the expected 35–200 kg: please confirm',
      },
    ]);
  });
});

describe('cross-item checks', () => {
  it('report a broken rule under the items it names, and wait while a value it reads is missing', () => {
    const broken = evaluateForm(form, { items: values({ admitted_on: '2026-03-05', discharged_on: '2026-03-01' }) });
    expect(broken.findings).toEqual([
      {
        severity: 'hard',
        keys: ['discharged_on', 'admitted_on'],
        rule: 'discharge_after_admission',
        message: 'discharge before admission',
      },
    ]);
    expect(evaluateForm(form, { items: values({ admitted_on: '2026-03-05' }) }).findings).toEqual([]);
  });

  it('hold row by row in a repeating group, naming the row', () => {
    const result = evaluateForm(form, {
      items: {},
      rows: {
        antibiotics: [
          values({ drug: 'ceftriaxone', started_on: '2026-03-01', stopped_on: '2026-03-04' }),
          values({ drug: 'meropenem', started_on: '2026-03-04', stopped_on: '2026-03-02' }),
          values({ started_on: '2026-03-04' }),
        ],
      },
    });
    expect(result.findings.map((f) => f.keys)).toEqual([['antibiotics[1].stopped_on']]);
    expect(result.missingRequired).toEqual(['sex', 'antibiotics[2].drug']);
  });
});

describe('a protocol whose forms are wrong does not load', () => {
  const broken = (change: (form: FormDefinition) => FormDefinition) => () =>
    compileForms(crf([change(structuredClone(baseline))]), calculators);
  const withItem = (group: number, item: number, patch: object) => (f: FormDefinition) => ({
    ...f,
    groups: f.groups.map((g, gi) =>
      gi !== group ? g : { ...g, items: g.items.map((it, ii) => (ii === item ? { ...it, ...patch } : it)) },
    ),
  });

  it('names the form, the item and the expression of a misspelt item', () => {
    expect(broken(withItem(0, 1, { showWhen: 'sexx == "female"' }))).toThrow(
      /form baseline \(version 1\), item pregnant, showWhen `sexx == "female"`: Unknown variable: sexx/,
    );
  });

  it('refuses a condition of the wrong type, and a comparison of a number with text', () => {
    expect(broken(withItem(0, 1, { showWhen: 'sex' }))).toThrow(/gives string, where bool is needed/);
    expect(broken(withItem(0, 1, { showWhen: 'weight_kg > "70"' }))).toThrow(/no such overload/);
  });

  it('refuses a calculator that does not exist, inputs of the wrong type, and a calculation reading itself', () => {
    const calc = (calculation: object) => withItem(0, 7, { calculation });
    expect(broken(calc({ calculator: 'nope', inputs: {}, output: 'x' }))).toThrow(/no calculator "nope"/);
    expect(
      broken(calc({ calculator: 'sum_of_two', inputs: { a: 'weight_kg', b: 'score_b' }, output: 'total' })),
    ).toThrow(/input a needs int, item weight_kg is double/);
    expect(broken(withItem(0, 4, { calculation: { expression: 'bmi + 1.0' } }))).toThrow(/depends on itself/);
  });

  it('refuses a check that reads two repeating groups or names an item that is not there', () => {
    expect(
      broken((f) => ({
        ...f,
        checks: [{ id: 'x', severity: 'soft', expression: 'true', message: 'm', items: ['nope'] }],
      })),
    ).toThrow(/check x: shown under item nope, which is not in the form/);
    expect(broken(withItem(0, 2, { codeList: 'sex' }))).toThrow(/only a choice has a code list/);
  });

  it('refuses an item id CEL keeps for itself, and a date range on what is not a date', () => {
    expect(broken(withItem(0, 5, { id: 'map' }))).toThrow(/item map: CEL uses this name itself/);
    expect(broken(withItem(0, 3, { dateRange: 'birth' }))).toThrow(/item weight_kg: only a date has a date range/);
  });

  it('is a FormDefinitionError, so that start-up stops with its message', () => {
    expect(broken(withItem(0, 0, { id: 'Sex' }))).toThrow(FormDefinitionError);
  });
});

describe('the clinical calculators, as forms use them', () => {
  const level = { id: 'level', options: ['1', '2', '3', '4', '5'].map((code) => ({ code, label: code })) };
  const dimensions = ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'];
  const eq5d: FormDefinition = {
    id: 'eq5d',
    version: '1',
    label: 'EQ-5D-5L',
    groups: [
      {
        id: 'answers',
        label: 'Answers',
        items: [
          ...dimensions.map((d) => ({
            id: d.toLowerCase(),
            label: d,
            type: 'single_choice' as const,
            codeList: 'level',
          })),
          {
            id: 'eq5d_index',
            label: 'Index',
            type: 'calculated',
            calculation: {
              calculator: 'eq5d5l_nl_2016',
              inputs: Object.fromEntries(dimensions.map((d) => [d, d.toLowerCase()])),
              output: 'index',
            },
          },
        ],
      },
    ],
  };
  const compiled = compileForms({ codeLists: [level], forms: [eq5d], schedule: [] }, clinicalCalculators).get(
    'eq5d@1',
  )!;
  const answers = (profile: string) =>
    values(Object.fromEntries(dimensions.map((d, i) => [d.toLowerCase(), profile[i]!])));

  it('gives the Dutch EQ-5D-5L index from the five answers, and none while one is missing', () => {
    expect(evaluateForm(compiled, { items: answers('21111') }).calculated.eq5d_index).toBe(0.918);
    expect(evaluateForm(compiled, { items: answers('55555') }).calculated.eq5d_index).toBeCloseTo(-0.446, 12);
    const { mobility: _left, ...four } = answers('21111');
    expect(evaluateForm(compiled, { items: four }).calculated.eq5d_index).toBeNull();
  });
});

describe('groups shown on a condition, and yes/no calculations', () => {
  const cultures: FormDefinition = {
    id: 'cultures',
    version: '1',
    label: 'Cultures',
    groups: [
      {
        id: 'asked',
        label: 'Asked',
        items: [
          { id: 'culture_taken', label: 'Culture taken', type: 'yes_no', required: true },
          { id: 'first_site', label: 'First opinion', type: 'text' },
          { id: 'second_site', label: 'Second opinion', type: 'text' },
          {
            id: 'opinions_agree',
            label: 'Opinions agree',
            type: 'calculated',
            calculation: { expression: 'first_site == second_site' },
          },
        ],
      },
      {
        id: 'specimens',
        label: 'Specimens',
        repeating: true,
        showWhen: 'culture_taken',
        items: [{ id: 'specimen', label: 'Specimen', type: 'text', required: true }],
      },
    ],
  };
  const compiled = compileForms(crf([cultures]), calculators).get('cultures@1')!;
  const specimens = [values({ specimen: 'blood' }), values({})];

  it('asks for the rows of a group only while its condition holds, and keeps none of them otherwise', () => {
    const taken = evaluateForm(compiled, { items: values({ culture_taken: true }), rows: { specimens } });
    expect(taken.missingRequired).toEqual(['specimens[1].specimen']);
    const notTaken = evaluateForm(compiled, { items: values({ culture_taken: false }), rows: { specimens } });
    expect(notTaken.missingRequired).toEqual([]);
    expect(notTaken.hiddenWithEntry).toEqual(['specimens[0].specimen']);
  });

  it('calculates a yes/no', () => {
    const same = evaluateForm(compiled, { items: values({ first_site: 'lung', second_site: 'lung' }) });
    expect(same.calculated.opinions_agree).toBe(true);
  });

  it('refuses a group condition that reads the group itself', () => {
    const [asked, rows] = cultures.groups as [ItemGroupDefinition, ItemGroupDefinition];
    const withConditions = (first: string | undefined, second: string) => ({
      ...cultures,
      groups: [
        { ...asked, showWhen: first },
        { ...rows, showWhen: second },
      ],
    });
    expect(() => compileForms(crf([withConditions('culture_taken', 'culture_taken')]), calculators)).toThrow(
      /group asked, showWhen `culture_taken`: reads culture_taken, an item of the group itself/,
    );
    expect(() => compileForms(crf([withConditions(undefined, 'specimen == "blood"')]), calculators)).toThrow(
      /group specimens, showWhen `specimen == "blood"`: reads items of repeating group specimens outside its rows/,
    );
  });
});

describe('calculations over the rows of a repeating group', () => {
  const doses: FormDefinition = {
    id: 'doses',
    version: '1',
    label: 'Doses',
    groups: [
      {
        id: 'summary',
        label: 'Summary',
        items: [
          { id: 'given', label: 'Given', type: 'yes_no' },
          {
            id: 'highest',
            label: 'Highest dose',
            type: 'calculated',
            showWhen: 'given',
            softRange: { max: 100 },
            calculation: { calculator: 'maximum', inputs: { values: 'dose' }, output: 'result' },
          },
          {
            id: 'total',
            label: 'Total',
            type: 'calculated',
            calculation: { calculator: 'sum', inputs: { values: 'dose' }, output: 'result' },
          },
        ],
      },
      {
        id: 'rows',
        label: 'Rows',
        repeating: true,
        showWhen: 'given',
        items: [{ id: 'dose', label: 'Dose', type: 'decimal' }],
      },
    ],
    checks: [
      { id: 'not_too_much', severity: 'soft', expression: 'total <= 150.0', message: 'a lot', items: ['total'] },
    ],
  };
  const compiledDoses = (definition: FormDefinition) =>
    compileForms(crf([definition]), calculatorsFor(crf([definition]))).get(`${definition.id}@1`)!;
  const rows = (...values: number[]) => ({ rows: values.map((dose) => ({ dose: { value: dose } })) });

  it('takes the maximum and the sum of a column, after the rows are worked out, and checks them', () => {
    const result = evaluateForm(compiledDoses(doses), {
      items: values({ given: true }),
      rows: { ...rows(40, 120, 20) },
    });
    expect(result.calculated).toMatchObject({ highest: 120, total: 180 });
    expect(result.findings.map((f) => [f.rule, f.keys[0]])).toEqual([
      ['range', 'highest'],
      ['not_too_much', 'total'],
    ]);
  });

  it('gives nothing over no rows, and leaves out rows of a group that is not asked', () => {
    expect(evaluateForm(compiledDoses(doses), { items: values({ given: true }) }).calculated).toMatchObject({
      highest: null,
      total: null,
    });
    const hidden = evaluateForm(compiledDoses(doses), { items: values({ given: false }), rows: { ...rows(40) } });
    expect(hidden.calculated.total).toBeNull();
    expect(hidden.shown.has('highest')).toBe(false);
  });

  it('refuses a condition or calculation that reads a calculation over rows (only checks may)', () => {
    const reading = {
      ...doses,
      groups: [
        ...doses.groups,
        {
          id: 'more',
          label: 'More',
          items: [{ id: 'note', label: 'Note', type: 'text' as const, showWhen: 'total > 10.0' }],
        },
      ],
    };
    expect(() => compiledDoses(reading)).toThrow(/item note: reads total, which is worked out over rows/);
  });

  it('refuses a list input from an item outside repeating groups', () => {
    const wrong = {
      ...doses,
      groups: [
        {
          ...doses.groups[0]!,
          items: [
            { id: 'given', label: 'Given', type: 'yes_no' as const },
            { id: 'single', label: 'Single', type: 'decimal' as const },
            {
              id: 'total',
              label: 'Total',
              type: 'calculated' as const,
              calculation: { calculator: 'sum', inputs: { values: 'single' }, output: 'result' },
            },
          ],
        },
        doses.groups[1]!,
      ],
      checks: [],
    };
    expect(() => compiledDoses(wrong)).toThrow(/input values needs list<double>, item single is double/);
  });
});
