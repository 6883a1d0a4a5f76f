import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import type { FormDefinition, ItemType } from '../protocol/forms.ts';
import { compileForms, type CompiledItem } from './compile.ts';
import { evaluateForm } from './evaluate.ts';
import {
  entryFromText,
  entryInput,
  entryOfStored,
  entryText,
  maxInteger,
  numberText,
  readEntry,
  roundTo,
  storedEntry,
  StoredTextError,
} from './values.ts';

/** What an entered value must be, per item type: the specification of `readEntry` and of the stored text. */

const form: FormDefinition = {
  id: 'values',
  version: '1',
  label: 'Values',
  groups: [
    {
      id: 'all',
      label: 'One of each',
      items: [
        { id: 'note', label: 'Note', type: 'text' },
        { id: 'episodes', label: 'Episodes', type: 'integer', allowedMissing: ['unknown', 'not_done'] },
        {
          id: 'map_mmhg',
          label: 'MAP',
          type: 'integer',
          unit: 'mm[Hg]',
          conversions: [{ unit: 'kPa', factor: 7.50062 }],
        },
        {
          id: 'temperature',
          label: 'Temperature',
          type: 'decimal',
          unit: 'Cel',
          precision: 1,
          conversions: [{ unit: '[degF]', factor: 5 / 9, offset: -160 / 9 }],
          hardRange: { min: 25, max: 45 },
        },
        {
          id: 'creatinine',
          label: 'Creatinine',
          type: 'decimal',
          unit: 'umol/L',
          precision: 0,
          conversions: [{ unit: 'mg/dL', factor: 88.42 }],
        },
        { id: 'ratio', label: 'Any decimal', type: 'decimal' },
        { id: 'admitted_on', label: 'Admitted', type: 'date' },
        { id: 'born_on', label: 'Born', type: 'date', dateRange: 'birth' },
        { id: 'admitted_at', label: 'Admitted at', type: 'datetime' },
        { id: 'sex', label: 'Sex', type: 'single_choice', codeList: 'sex' },
        { id: 'symptoms', label: 'Symptoms', type: 'multiple_choice', codeList: 'symptoms' },
        { id: 'ventilated', label: 'Ventilated', type: 'yes_no' },
        { id: 'double_map', label: '2 × MAP', type: 'calculated', calculation: { expression: 'map_mmhg * 2' } },
        { id: 'temp_k', label: 'Kelvin', type: 'calculated', calculation: { expression: 'temperature + 273.15' } },
      ],
    },
  ],
};
const compiled = compileForms(
  {
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
          { code: 'dyspnoea', label: 'Dyspnoea' },
        ],
      },
    ],
    forms: [form],
    schedule: [],
  },
  {},
).get('values@1')!;
const item = (id: string): CompiledItem => compiled.items.get(id)!;

/** The refusal of an entry: its field, key, parameters and English text. */
function refusal(id: string, input: unknown) {
  try {
    readEntry(item(id), input);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { field: error.field, key: error.key, params: error.params, text: error.message };
  }
  throw new Error(`${JSON.stringify(input)} was accepted for ${id}`);
}
const keyOf = (id: string, input: unknown) => refusal(id, input).key;
const value = (id: string, entered: unknown, unit?: string) =>
  readEntry(item(id), unit === undefined ? { value: entered } : { value: entered, unit });

describe('the shape of an entry', () => {
  it('is {value} or {value, unit} or {missing}; null, nothing, other keys are not entries', () => {
    for (const input of [null, undefined, {}, [], 'x', 12, { value: 1, note: 'x' }, { missing: 'unknown', value: 1 }]) {
      expect(refusal('episodes', input)).toMatchObject({ field: 'episodes', key: 'ecrf.entryShape' });
    }
  });

  it('refuses a null value: clearing an entry is an action of its own', () => {
    expect(refusal('note', { value: null })).toMatchObject({ key: 'ecrf.noValue' });
  });

  it('takes a missing code the item allows (all four by default)', () => {
    for (const missing of ['not_done', 'unknown', 'not_applicable', 'asked_refused']) {
      expect(readEntry(item('note'), { missing })).toEqual({ missing });
    }
    expect(readEntry(item('episodes'), { missing: 'unknown' })).toEqual({ missing: 'unknown' });
    expect(refusal('episodes', { missing: 'asked_refused' })).toMatchObject({
      key: 'ecrf.missingNotAllowed',
      text: 'a reason it is missing is one of: unknown, not_done',
    });
    expect(keyOf('note', { missing: 'nope' })).toBe('ecrf.missingNotAllowed');
    expect(keyOf('note', { missing: null })).toBe('ecrf.missingNotAllowed');
  });

  it('refuses anything for a calculated item, a value or a missing code', () => {
    for (const input of [{ value: 74 }, { missing: 'unknown' }]) {
      expect(refusal('double_map', input)).toMatchObject({
        field: 'double_map',
        key: 'ecrf.calculated',
        text: 'a calculated item is never entered: it is computed from the items it reads',
      });
    }
  });

  it('refuses control characters and broken Unicode anywhere in the entry, naming the item', () => {
    expect(refusal('note', { value: 'a\u0000b' })).toMatchObject({
      field: 'note',
      key: 'input.badCharacter',
      params: { character: 'U+0000' },
    });
    expect(keyOf('sex', { value: 'fe\u001bmale' })).toBe('input.badCharacter');
    expect(keyOf('temperature', { value: 37, unit: 'Cel\u0085' })).toBe('input.badCharacter');
    expect(keyOf('symptoms', { value: ['fever', '\uD800'] })).toBe('input.badCharacter');
  });

  it('names the item as the field, which the caller puts inside the form path', () => {
    const error = (() => {
      try {
        readEntry(item('episodes'), { value: 'x' });
      } catch (e) {
        return (e as InputError).within('values.all');
      }
    })();
    expect(error?.field).toBe('values.all.episodes');
  });
});

describe('text', () => {
  it('is trimmed, keeps tabs and line breaks inside', () => {
    expect(value('note', '  first line\n\tsecond  ')).toEqual({ value: 'first line\n\tsecond' });
  });

  it('is not empty (a reason it is missing says why there is none)', () => {
    expect(keyOf('note', { value: '' })).toBe('ecrf.textEmpty');
    expect(keyOf('note', { value: ' \n\t ' })).toBe('ecrf.textEmpty');
  });

  it('holds at most 2,000 characters after trimming', () => {
    expect(value('note', ` ${'x'.repeat(2000)} `)).toEqual({ value: 'x'.repeat(2000) });
    expect(refusal('note', { value: 'x'.repeat(2001) })).toMatchObject({
      key: 'ecrf.textTooLong',
      params: { maximum: 2000 },
    });
  });

  it('is a string, and takes no unit', () => {
    expect(keyOf('note', { value: 12 })).toBe('ecrf.textExpected');
    expect(keyOf('note', { value: ['a'] })).toBe('ecrf.textExpected');
    expect(keyOf('note', { value: 'a', unit: 'kg' })).toBe('ecrf.noUnit');
  });
});

describe('integer', () => {
  it('is a JSON number that is whole; −0 is 0', () => {
    expect(value('episodes', 3)).toEqual({ value: 3 });
    expect(value('episodes', 3.0)).toEqual({ value: 3 });
    expect(Object.is((value('episodes', -0) as { value: number }).value, 0)).toBe(true);
    expect(refusal('episodes', { value: 1.5 })).toMatchObject({
      key: 'ecrf.integerExpected',
      text: 'a whole number is expected',
    });
  });

  it('is not a string: the browser sends numbers', () => {
    for (const given of ['12', '', true, [12], { n: 1 }])
      expect(keyOf('episodes', { value: given })).toBe('ecrf.integerExpected');
  });

  it('lies within ±(2^31 − 1); 1e21 is refused', () => {
    expect(value('episodes', maxInteger)).toEqual({ value: maxInteger });
    expect(value('episodes', -maxInteger)).toEqual({ value: -maxInteger });
    expect(refusal('episodes', { value: 2 ** 31 })).toMatchObject({
      key: 'ecrf.integerRange',
      text: 'a whole number from -2147483647 to 2147483647 is expected',
    });
    expect(keyOf('episodes', { value: 1e21 })).toBe('ecrf.integerRange');
  });

  it('refuses what is not a finite number (a JavaScript caller can pass one)', () => {
    for (const given of [Number.NaN, Infinity, -Infinity])
      expect(keyOf('episodes', { value: given })).toBe('ecrf.integerExpected');
  });

  it('entered in a unit of its conversions is converted and rounded to a whole number, keeping what was entered', () => {
    expect(value('map_mmhg', 9.7, 'kPa')).toEqual({ value: 73, entered: { value: 9.7, unit: 'kPa' } });
    expect(value('map_mmhg', 73, 'mm[Hg]')).toEqual({ value: 73 });
  });
});

describe('decimal', () => {
  it('is a finite JSON number; −0 is 0', () => {
    expect(value('temperature', 37.5)).toEqual({ value: 37.5 });
    expect(Object.is((value('ratio', -0) as { value: number }).value, 0)).toBe(true);
    for (const given of ['37.5', true, null, Number.NaN, Infinity]) {
      expect(keyOf('temperature', { value: given })).toBe(given === null ? 'ecrf.noValue' : 'ecrf.numberExpected');
    }
  });

  it('with more decimals than its precision is refused, not rounded: 0.1 + 0.2 at precision 1', () => {
    expect(refusal('temperature', { value: 0.1 + 0.2 })).toMatchObject({
      key: 'ecrf.tooManyDecimals',
      params: { precision: 1 },
      text: 'at most 1 decimals are expected',
    });
    expect(value('temperature', 0.3)).toEqual({ value: 0.3 });
    expect(refusal('creatinine', { value: 80.5 })).toMatchObject({ text: 'a whole number is expected' });
  });

  it('without a precision keeps every decimal; 1e21 is a number like any other', () => {
    expect(value('ratio', 0.1 + 0.2)).toEqual({ value: 0.30000000000000004 });
    expect(value('ratio', 1e21)).toEqual({ value: 1e21 });
    expect(value('ratio', 5e-324)).toEqual({ value: 5e-324 });
  });

  it('entered in another unit: canonical = entered × factor + offset, rounded to the precision', () => {
    expect(value('temperature', 98.6, '[degF]')).toEqual({ value: 37, entered: { value: 98.6, unit: '[degF]' } });
    expect(100.4 * (5 / 9) - 160 / 9).toBe(38.00000000000001);
    expect(value('temperature', 100.4, '[degF]')).toEqual({ value: 38, entered: { value: 100.4, unit: '[degF]' } });
    expect(value('temperature', 101.3, '[degF]')).toEqual({ value: 38.5, entered: { value: 101.3, unit: '[degF]' } });
    // Precision is of the item's unit: the entered value may have more decimals than that.
    expect(value('creatinine', 1.13, 'mg/dL')).toEqual({ value: 100, entered: { value: 1.13, unit: 'mg/dL' } });
  });

  it('in its own unit, named or not, is the value itself', () => {
    expect(value('temperature', 37.2, 'Cel')).toEqual({ value: 37.2 });
  });

  it('in a unit it does not take is refused, naming the units it takes', () => {
    expect(refusal('temperature', { value: 310, unit: 'K' })).toMatchObject({
      key: 'ecrf.unitNotAccepted',
      text: 'unit "K" is not accepted here: one of Cel, [degF]',
    });
    expect(keyOf('ratio', { value: 1, unit: 'kg' })).toBe('ecrf.noUnit');
    expect(keyOf('temperature', { value: 37, unit: 7 })).toBe('ecrf.unitNotAccepted');
  });

  it('is not checked against its hard range here: the engine does that on the canonical value', () => {
    expect(value('temperature', 99.9)).toEqual({ value: 99.9 });
    const evaluation = evaluateForm(compiled, { items: { temperature: value('temperature', 99.9) } });
    expect(evaluation.findings).toMatchObject([{ severity: 'hard', keys: ['temperature'], rule: 'range' }]);
  });
});

describe('date', () => {
  it('is a real day YYYY-MM-DD: 2026-02-29 is not one, 2028-02-29 is', () => {
    expect(value('admitted_on', '2028-02-29')).toEqual({ value: '2028-02-29' });
    for (const given of ['2026-02-29', '2026-3-1', '2026-03-01T00:00:00Z', '01-03-2026', '', 20260301]) {
      expect(refusal('admitted_on', { value: given })).toMatchObject({
        field: 'admitted_on',
        key: 'input.calendarDate',
      });
    }
  });

  it('lies in the study period unless the item is a date of birth', () => {
    expect(refusal('admitted_on', { value: '1999-12-31' })).toMatchObject({
      key: 'input.dateRange',
      params: { from: '2000-01-01', to: '2100-12-31' },
    });
    expect(value('born_on', '1870-01-01')).toEqual({ value: '1870-01-01' });
    expect(refusal('born_on', { value: '1869-12-31' })).toMatchObject({
      key: 'input.dateRange',
      params: { from: '1870-01-01' },
    });
  });
});

describe('date-time', () => {
  it('has a UTC offset and is held as the UTC instant', () => {
    expect(value('admitted_at', '2026-03-02T14:20:00+01:00')).toEqual({ value: '2026-03-02T13:20:00.000Z' });
    expect(value('admitted_at', '2026-03-02T14:20Z')).toEqual({ value: '2026-03-02T14:20:00.000Z' });
    expect(value('admitted_at', '2026-03-02T14:20:00.5-0330')).toEqual({ value: '2026-03-02T17:50:00.500Z' });
    expect(value('admitted_at', '2026-03-02T14:20:00.123456+05:45')).toEqual({ value: '2026-03-02T08:35:00.123Z' });
    expect(value('admitted_at', '2026-03-02T14:20:00+14:00')).toEqual({ value: '2026-03-02T00:20:00.000Z' });
    expect(keyOf('admitted_at', { value: '2026-03-02T14:20:00' })).toBe('input.instant');
    expect(keyOf('admitted_at', { value: '2026-02-29T14:20:00Z' })).toBe('input.instant');
    expect(keyOf('admitted_at', { value: 1_772_000_000_000 })).toBe('input.instant');
  });

  it('refuses an offset no place has: +14:30', () => {
    expect(keyOf('admitted_at', { value: '2026-03-02T14:20:00+14:30' })).toBe('input.offset');
  });

  it('lies in the study period', () => {
    expect(value('admitted_at', '1999-12-31T23:00:00-02:00')).toEqual({ value: '2000-01-01T01:00:00.000Z' });
    expect(keyOf('admitted_at', { value: '2000-01-01T01:00:00+02:00' })).toBe('input.dateRange');
  });
});

describe('single choice', () => {
  it('is a code of the item’s list', () => {
    expect(value('sex', 'female')).toEqual({ value: 'female' });
    expect(refusal('sex', { value: 'Female' })).toMatchObject({
      key: 'ecrf.unknownCode',
      text: '"Female" is not an option: one of female, male',
    });
    expect(refusal('sex', { value: ['female'] })).toMatchObject({
      key: 'ecrf.choiceExpected',
      text: 'one of: female, male',
    });
    expect(keyOf('sex', { value: '' })).toBe('ecrf.unknownCode');
  });
});

describe('multiple choice', () => {
  it('is a list of distinct codes, held in the code list’s order', () => {
    expect(value('symptoms', ['dyspnoea', 'fever'])).toEqual({ value: ['fever', 'dyspnoea'] });
  });

  it('[] means none of them applies: a valid answer, apart from "not asked" (no entry)', () => {
    expect(value('symptoms', [])).toEqual({ value: [] });
  });

  it('refuses a code twice, a code not in the list, and what is not a list of codes', () => {
    expect(refusal('symptoms', { value: ['fever', 'cough', 'fever'] })).toMatchObject({
      key: 'ecrf.duplicateCode',
      text: '"fever" is chosen twice',
    });
    expect(keyOf('symptoms', { value: ['rash'] })).toBe('ecrf.unknownCode');
    for (const given of ['fever', [1], [null], true])
      expect(keyOf('symptoms', { value: given })).toBe('ecrf.choicesExpected');
  });
});

describe('yes/no', () => {
  it('is a boolean; "true", 1 and "yes" are not', () => {
    expect(value('ventilated', false)).toEqual({ value: false });
    for (const given of ['true', 1, 'yes', 0]) expect(keyOf('ventilated', { value: given })).toBe('ecrf.yesNoExpected');
  });
});

/** Whether readEntry takes an input for an item (any other error than an InputError fails the test). */
function accepts(id: string, input: unknown): boolean {
  try {
    readEntry(item(id), input);
    return true;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return false;
  }
}

const dayInStudy = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const offset = fc
  .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom('00', '30', '45'))
  .filter(([, hours, minutes]) => hours < 14 || minutes === '00')
  .map(([sign, hours, minutes]) => `${sign}${String(hours).padStart(2, '0')}:${minutes}`);

/** Inputs a person may send, per item type (readEntry takes all but a few: a text of spaces only, a date-time just outside the period). */
const inputs: Readonly<Record<Exclude<ItemType, 'calculated'>, [string, fc.Arbitrary<unknown>]>> = {
  text: ['note', fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).map((text) => ({ value: text }))],
  integer: [
    'map_mmhg',
    fc.oneof(
      fc.integer({ min: -maxInteger, max: maxInteger }).map((n) => ({ value: n })),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => ({ value: n, unit: 'kPa' })),
    ),
  ],
  decimal: [
    'temperature',
    fc.oneof(
      fc.integer({ min: -100_000, max: 100_000 }).map((n) => ({ value: n / 10 })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ value: roundTo(n, 1), unit: 'Cel' })),
      fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
        .map((n) => ({ value: n, unit: '[degF]' })),
    ),
  ],
  date: ['born_on', dayInStudy.map((d) => ({ value: d.toISOString().slice(0, 10) }))],
  datetime: [
    'admitted_at',
    fc.tuple(dayInStudy, offset).map(([d, zone]) => ({ value: `${d.toISOString().slice(0, 19)}${zone}` })),
  ],
  single_choice: ['sex', fc.constantFrom('female', 'male').map((code) => ({ value: code }))],
  multiple_choice: ['symptoms', fc.shuffledSubarray(['fever', 'cough', 'dyspnoea']).map((codes) => ({ value: codes }))],
  yes_no: ['ventilated', fc.boolean().map((yes) => ({ value: yes }))],
};
const orMissing = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof(arbitrary, fc.constantFrom(...['not_done', 'unknown'].map((missing) => ({ missing }))));

describe('the contract of an entry (entryInput)', () => {
  it('accepts every entry readEntry accepts, valid or random', () => {
    const random = fc.oneof(
      fc.anything(),
      fc.record({ value: fc.jsonValue() }),
      fc.record({ value: fc.jsonValue(), unit: fc.oneof(fc.string(), fc.constantFrom('Cel', '[degF]', 'kPa')) }),
    );
    const valid = fc.constantFrom(...Object.values(inputs)).chain(([id, input]) => fc.tuple(fc.constant(id), input));
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fc.constantFrom(...compiled.items.keys()), random), valid), ([id, input]) => {
        if (accepts(id, input)) expect(entryInput.safeParse(input).success).toBe(true);
      }),
    );
  });
});

describe('the stored text', () => {
  it.each(Object.entries(inputs))(
    'of a %s reads back as the same value, and the stored row as the same entry',
    (_type, [id, input]) => {
      fc.assert(
        fc.property(
          orMissing(input).filter((given) => accepts(id, given)),
          (given) => {
            const entry = readEntry(item(id), given);
            if ('value' in entry) {
              expect(entryFromText(item(id), entryText(item(id), entry))).toEqual({ value: entry.value });
              // What readEntry gives, entered again in the item's unit, is the same value: it is canonical.
              expect(readEntry(item(id), { value: entry.value })).toEqual({ value: entry.value });
            }
            expect(entryOfStored(item(id), storedEntry(item(id), entry))).toEqual(entry);
          },
        ),
      );
    },
  );

  it('keeps the edge cases: −0, a trimmed text, a converted value, a date-time to the millisecond', () => {
    for (const [id, given, unit] of [
      ['note', ' a\tb '],
      ['episodes', -0],
      ['ratio', 1e21],
      ['temperature', 98.6, '[degF]'],
      ['map_mmhg', 9.7, 'kPa'],
      ['admitted_at', '2026-03-02T14:20:00.123456+05:45'],
      ['symptoms', ['cough', 'fever']],
      ['symptoms', []],
    ] as [string, unknown, string?][]) {
      const entry = value(id, given, unit);
      expect(entryOfStored(item(id), storedEntry(item(id), entry))).toEqual(entry);
    }
  });

  it('of a calculated item is written by the type its calculation gives', () => {
    expect(entryText(item('double_map'), { value: 146 })).toBe('146');
    expect(entryText(item('temp_k'), { value: 310.34999999999997 })).toBe('310.34999999999997');
    expect(entryFromText(item('temp_k'), '310.34999999999997')).toEqual({ value: 310.34999999999997 });
  });

  it('of a number is plain decimal text, never an exponent, and exactly the number', () => {
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(-1.5e-7)).toBe('-0.00000015');
    expect(numberText(-0)).toBe('0');
    expect(numberText(0.1 + 0.2)).toBe('0.30000000000000004');
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = numberText(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
    );
  });

  it('is what entryText writes and only that: storage never guesses', () => {
    const refusedText = (id: string, text: string) => () => entryFromText(item(id), text);
    for (const text of ['1e21', '+1', '01', '1.0', '-0', '', ' 1', '1.', '0x10']) {
      expect(refusedText('ratio', text)).toThrow(StoredTextError);
    }
    expect(refusedText('episodes', 'abc')).toThrow(StoredTextError);
    expect(refusedText('ventilated', 'yes')).toThrow(StoredTextError);
    expect(refusedText('symptoms', '["fever", "cough"]')).toThrow(StoredTextError);
    expect(refusedText('symptoms', '{"a":1}')).toThrow(StoredTextError);
    expect(refusedText('admitted_at', '2026-03-02T14:20:00+01:00')).toThrow(StoredTextError);
    expect(refusedText('admitted_on', '2026-3-2')).toThrow(StoredTextError);
    expect(() =>
      entryOfStored(item('note'), { text: 'x', missing: 'unknown', enteredText: null, enteredUnit: null }),
    ).toThrow(StoredTextError);
  });

  it('of a missing code is no text: the code is stored apart', () => {
    expect(storedEntry(item('symptoms'), { missing: 'not_applicable' })).toEqual({
      text: null,
      missing: 'not_applicable',
      enteredText: null,
      enteredUnit: null,
    });
    expect(storedEntry(item('symptoms'), { value: [] }).text).toBe('[]');
  });
});
