import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../protocol/forms.ts';
import { study } from '../../protocol/nct07273344/protocol.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { celToRedcap, type BranchingItem } from './branching.ts';
import {
  dataDictionary,
  dataDictionaryCsv,
  dictionaryHeader,
  eventsCsv,
  instrumentEventMappingCsv,
  repeatingInstrumentsCsv,
} from './dictionary.ts';

/** A small protocol with an item of every type, conditions REDCap can and cannot say, and a repeating group. */
const form: FormDefinition = {
  id: 'visit_form',
  version: '1',
  label: 'Visit form',
  groups: [
    {
      id: 'main',
      label: 'Main',
      items: [
        { id: 'note', label: 'Note', type: 'text' },
        { id: 'age', label: 'Age', type: 'integer', unit: 'a', hardRange: { min: 18, max: 120 }, required: true },
        { id: 'weight', label: 'Weight', type: 'decimal', unit: 'kg', precision: 1, softRange: { min: 30, max: 200 } },
        { id: 'seen_on', label: 'Seen on', type: 'date' },
        { id: 'seen_at', label: 'Seen at', type: 'datetime' },
        { id: 'sex', label: 'Sex', type: 'single_choice', codeList: 'sex' },
        { id: 'symptoms', label: 'Symptoms', type: 'multiple_choice', codeList: 'symptoms' },
        { id: 'fever', label: 'Fever', type: 'yes_no' },
        { id: 'pregnant', label: 'Pregnant', type: 'yes_no', showWhen: 'sex == "female" && age < 60' },
        { id: 'cough_days', label: 'Days of cough', type: 'integer', showWhen: '"cough" in symptoms' },
        { id: 'afebrile_note', label: 'Why no fever', type: 'text', showWhen: '!fever' },
        { id: 'odd', label: 'Odd', type: 'text', showWhen: 'size(note) > 3' },
        { id: 'double_age', label: 'Twice the age', type: 'calculated', calculation: { expression: 'age * 2' } },
      ],
    },
    {
      id: 'events',
      label: 'Events',
      repeating: true,
      showWhen: 'fever',
      items: [{ id: 'event_on', label: 'Event on', type: 'date', required: true }],
    },
  ],
};
const other: FormDefinition = {
  id: 'daily',
  version: '1',
  label: 'Daily',
  groups: [{ id: 'day', label: 'Day', items: [{ id: 'note', label: 'Note', type: 'text' }] }],
};
const protocol = {
  ...study.current,
  visits: { ...study.current.visits, visits: study.current.visits.visits.slice(0, 2) },
  forms: {
    codeLists: [
      {
        id: 'sex',
        options: [
          { code: 'male', label: 'Male' },
          { code: 'female', label: 'Female' },
        ],
      },
      {
        id: 'symptoms',
        options: [
          { code: 'cough', label: 'Cough' },
          { code: 'rash', label: 'Rash, itchy' },
        ],
      },
    ],
    forms: [form, other],
    schedule: [
      { form: 'visit_form', visits: ['D0', 'D3'] },
      { form: 'daily', perIcuDay: true },
    ],
  },
} satisfies StudyProtocol;

const rows = dataDictionary(protocol);
const field = (name: string) => rows.find((r) => r['Variable / Field Name'] === name)!;

describe('the REDCap data dictionary', () => {
  it('has exactly the 18 standard columns', () => {
    const csv = parse(dataDictionaryCsv(protocol));
    expect(csv[0]).toEqual([
      'Variable / Field Name',
      'Form Name',
      'Section Header',
      'Field Type',
      'Field Label',
      'Choices, Calculations, OR Slider Labels',
      'Field Note',
      'Text Validation Type OR Show Slider Number',
      'Text Validation Min',
      'Text Validation Max',
      'Identifier?',
      'Branching Logic (Show field only if...)',
      'Required Field?',
      'Custom Alignment',
      'Question Number (surveys only)',
      'Matrix Group Name',
      'Matrix Ranking?',
      'Field Annotation',
    ]);
    expect(dictionaryHeader).toHaveLength(18);
    expect(csv.slice(1).every((r) => r.length === 18)).toBe(true);
  });

  it('starts with the record id, and maps every item type', () => {
    expect(rows[0]).toMatchObject({
      'Variable / Field Name': 'record_id',
      'Form Name': 'visit_form',
      'Field Type': 'text',
    });
    const type = (name: string) => [
      field(name)['Field Type'],
      field(name)['Text Validation Type OR Show Slider Number'],
    ];
    expect(type('visit_form_note')).toEqual(['text', '']);
    expect(type('age')).toEqual(['text', 'integer']);
    expect(type('weight')).toEqual(['text', 'number_1dp']);
    expect(type('seen_on')).toEqual(['text', 'date_ymd']);
    expect(type('seen_at')).toEqual(['text', 'datetime_ymd']);
    expect(type('sex')).toEqual(['radio', '']);
    expect(type('symptoms')).toEqual(['checkbox', '']);
    expect(type('fever')).toEqual(['yesno', '']);
    expect(field('double_age')).toMatchObject({
      'Field Type': 'calc',
      'Choices, Calculations, OR Slider Labels': '[age] * 2',
    });
  });

  it('writes code lists, ranges, units and required fields', () => {
    expect(field('sex')['Choices, Calculations, OR Slider Labels']).toBe('male, Male | female, Female');
    expect(field('symptoms')['Choices, Calculations, OR Slider Labels']).toBe('cough, Cough | rash, Rash, itchy');
    expect(field('age')).toMatchObject({
      'Text Validation Min': '18',
      'Text Validation Max': '120',
      'Required Field?': 'y',
      'Field Note': 'a',
    });
    expect(field('weight')['Field Note']).toBe('kg; expected 30 to 200');
    expect(field('visit_form_note')['Section Header']).toBe('Main');
  });

  it('translates simple conditions to branching logic and keeps the others as CEL in the annotation', () => {
    const logic = (name: string) => field(name)['Branching Logic (Show field only if...)'];
    expect(logic('pregnant')).toBe("[sex] = 'female' and [age] < 60");
    expect(logic('cough_days')).toBe("[symptoms(cough)] = '1'");
    expect(logic('afebrile_note')).toBe("[fever] = '0'");
    expect(logic('odd')).toBe('');
    expect(field('odd')['Field Annotation']).toContain('CEL showWhen: size(note) > 3');
  });

  it('makes a repeating group an instrument of its own, noted in the annotation', () => {
    expect(field('event_on')).toMatchObject({
      'Form Name': 'visit_form_events',
      'Branching Logic (Show field only if...)': "[fever] = '1'",
    });
    expect(field('event_on')['Field Annotation']).toContain('repeating instrument');
  });

  it('gives an item id used on two forms its form in front', () => {
    expect(field('visit_form_note')['Form Name']).toBe('visit_form');
    expect(field('daily_note')['Form Name']).toBe('daily');
  });

  it('lists the events, the instrument–event mapping and the repeating instruments', () => {
    expect(parse(eventsCsv(protocol))).toEqual([
      ['event_name', 'arm_num', 'unique_event_name', 'custom_event_label'],
      ['D0', '1', 'd0_arm_1', protocol.visits.visits[0]!.name],
      ['D3', '1', 'd3_arm_1', protocol.visits.visits[1]!.name],
      ['ICU days', '1', 'icu_days_arm_1', 'Each ICU day'],
    ]);
    expect(parse(instrumentEventMappingCsv(protocol))).toEqual([
      ['arm_num', 'unique_event_name', 'form'],
      ['1', 'd0_arm_1', 'visit_form'],
      ['1', 'd0_arm_1', 'visit_form_events'],
      ['1', 'd3_arm_1', 'visit_form'],
      ['1', 'd3_arm_1', 'visit_form_events'],
      ['1', 'icu_days_arm_1', 'daily'],
    ]);
    const repeating = parse(repeatingInstrumentsCsv(protocol));
    expect(repeating).toContainEqual(['d0_arm_1', 'visit_form_events', 'Visit form: Events']);
    expect(repeating).toContainEqual(['icu_days_arm_1', 'daily', 'Daily']);
  });

  it('covers every item of the study’s own forms', () => {
    const all = dataDictionary(study.current);
    const items = study.current.forms.forms.flatMap((f) => f.groups.flatMap((g) => g.items));
    expect(all).toHaveLength(items.length + 1);
    expect(new Set(all.map((r) => r['Variable / Field Name'])).size).toBe(all.length);
  });
});

describe('CEL to branching logic', () => {
  const items = new Map<string, BranchingItem>([
    ['a', { field: 'a', kind: 'other' }],
    ['b', { field: 'form_b', kind: 'yes_no' }],
    ['m', { field: 'm', kind: 'multiple_choice' }],
  ]);
  it.each([
    ['a == "x"', "[a] = 'x'"],
    ['a != "x" || b', "[a] <> 'x' or [form_b] = '1'"],
    ['(a >= 1.5 && a < 3) || !b', "([a] >= 1.5 and [a] < 3) or [form_b] = '0'"],
    ['b == true', "[form_b] = '1'"],
    ['"x" in m', "[m(x)] = '1'"],
  ])('%s', (cel, redcap) => expect(celToRedcap(cel, items)).toBe(redcap));
  it.each(['size(a) > 1', 'unknown == 1', 'm == "x"', 'a == "it\'s"', 'a ==', 'a + 1 > 2'])(
    '%s: not translated',
    (cel) => expect(celToRedcap(cel, items)).toBeNull(),
  );
});
