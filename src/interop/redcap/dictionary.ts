import { toCsv } from '../../core/csv.ts';
import type { CodeList, FormDefinition, ItemDefinition, ItemGroupDefinition } from '../../protocol/forms.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { celArithmeticToRedcap, celToRedcap, type BranchingItem } from './branching.ts';

/**
 * The study's forms as a REDCap project (issue 15 §3): the data dictionary (the 18 standard columns), the events
 * (one per visit, one for the once-per-participant forms, one for the ICU days), the instrument–event mapping and
 * the repeating instruments, so that a site that also runs REDCap can mirror the study. Pure: protocol in, CSV out.
 *
 * A repeating group becomes an instrument of its own (`<form>_<group>`), to be set up as a repeating instrument;
 * an item id used on more than one form gets its form's id in front (REDCap's field names are project-wide).
 */

export const dictionaryHeader = [
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
] as const;

export type DictionaryRow = Record<(typeof dictionaryHeader)[number], string>;

export const eventsHeader = ['event_name', 'arm_num', 'unique_event_name', 'custom_event_label'] as const;
export const mappingHeader = ['arm_num', 'unique_event_name', 'form'] as const;
export const repeatingHeader = ['event_name', 'form_name', 'custom_form_label'] as const;

/** REDCap's names: lower case letters, digits and underscores, starting with a letter. */
export const redcapName = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '') || 'x';

const uniqueEventName = (name: string) => `${redcapName(name).slice(0, 18)}_arm_1`;

export interface RedcapEvent {
  name: string;
  unique: string;
  label: string;
  forms: string[];
}

interface Instrument {
  name: string;
  form: FormDefinition;
  group: ItemGroupDefinition | null;
}

function instrumentsOf(form: FormDefinition): Instrument[] {
  const main: Instrument = { name: redcapName(form.id), form, group: null };
  return [
    main,
    ...form.groups
      .filter((g) => g.repeating === true)
      .map((group) => ({ name: redcapName(`${form.id}_${group.id}`), form, group })),
  ];
}

/** The field name of each form's item: the item id, or `<form>_<item>` where ids repeat across forms. */
export function fieldNames(forms: readonly FormDefinition[]): Map<string, Map<string, string>> {
  const count = new Map<string, number>();
  for (const form of forms)
    for (const group of form.groups) for (const item of group.items) count.set(item.id, (count.get(item.id) ?? 0) + 1);
  const names = new Map<string, Map<string, string>>();
  const used = new Set(['record_id']);
  for (const form of forms) {
    const own = new Map<string, string>();
    for (const group of form.groups)
      for (const item of group.items) {
        let name = redcapName((count.get(item.id) ?? 0) > 1 ? `${form.id}_${item.id}` : item.id);
        for (let n = 2; used.has(name); n++) name = `${name}_${n}`;
        used.add(name);
        own.set(item.id, name);
      }
    names.set(form.id, own);
  }
  return names;
}

const rangeBound = (value: number | undefined) => (value === undefined ? '' : String(value));

function fieldType(item: ItemDefinition): { type: string; validation: string } {
  switch (item.type) {
    case 'text':
      return { type: 'text', validation: '' };
    case 'integer':
      return { type: 'text', validation: 'integer' };
    case 'decimal':
      return {
        type: 'text',
        validation:
          item.precision !== undefined && item.precision >= 1 && item.precision <= 4
            ? `number_${item.precision}dp`
            : 'number',
      };
    case 'date':
      return { type: 'text', validation: 'date_ymd' };
    case 'datetime':
      return { type: 'text', validation: 'datetime_ymd' };
    case 'single_choice':
      return { type: 'radio', validation: '' };
    case 'multiple_choice':
      return { type: 'checkbox', validation: '' };
    case 'yes_no':
      return { type: 'yesno', validation: '' };
    case 'calculated':
      return { type: 'calc', validation: '' };
  }
}

const choicesOf = (list: CodeList | undefined) => (list?.options ?? []).map((o) => `${o.code}, ${o.label}`).join(' | ');

/** Conditions joined with `and`, each in brackets when it has an `or`. */
const allOf = (parts: string[]) =>
  parts.length === 1 ? parts[0]! : parts.map((p) => (/ or /.test(p) ? `(${p})` : p)).join(' and ');

export function dataDictionary(protocol: StudyProtocol): DictionaryRow[] {
  const { forms, codeLists } = protocol.forms;
  const lists = new Map(codeLists.map((l) => [l.id, l]));
  const names = fieldNames(forms);
  const rows: DictionaryRow[] = [];
  const row = (values: Partial<DictionaryRow>): DictionaryRow =>
    Object.fromEntries(dictionaryHeader.map((h) => [h, values[h] ?? ''])) as DictionaryRow;

  forms.forEach((form, formIndex) => {
    const own = names.get(form.id)!;
    const branchingItems = new Map<string, BranchingItem>();
    for (const group of form.groups)
      for (const item of group.items) {
        const kind = item.type === 'yes_no' ? 'yes_no' : item.type === 'multiple_choice' ? 'multiple_choice' : 'other';
        // A calculated yes/no holds 1/0 too.
        branchingItems.set(item.id, { field: own.get(item.id)!, kind });
      }
    for (const instrument of instrumentsOf(form)) {
      if (formIndex === 0 && instrument.group === null) {
        rows.push(
          row({
            'Variable / Field Name': 'record_id',
            'Form Name': instrument.name,
            'Field Type': 'text',
            'Field Label': 'Study id',
            'Field Annotation': 'the participant’s study id (pseudonym): REDCap’s record id',
          }),
        );
      }
      const groups = instrument.group === null ? form.groups.filter((g) => g.repeating !== true) : [instrument.group];
      for (const group of groups) {
        group.items.forEach((item, itemIndex) => {
          const { type, validation } = fieldType(item);
          const annotations: string[] = [];
          const notes: string[] = [];
          if (item.unit !== undefined) notes.push(item.unit);
          if (item.softRange !== undefined) {
            notes.push(`expected ${item.softRange.min ?? '…'} to ${item.softRange.max ?? '…'}`);
          }
          const range = item.hardRange;
          const conditions = [group.showWhen, item.showWhen].filter((c): c is string => c !== undefined);
          const translated = conditions.map((c) => celToRedcap(c, branchingItems));
          let branching = '';
          if (conditions.length > 0) {
            if (translated.every((t): t is string => t !== null)) branching = allOf(translated);
            else annotations.push(`CEL showWhen: ${conditions.join(' && ')}`);
          }
          let choices = '';
          let fieldTypeOut = type;
          if (item.type === 'single_choice' || item.type === 'multiple_choice') {
            choices = choicesOf(item.codeList === undefined ? undefined : lists.get(item.codeList));
          }
          if (item.type === 'calculated') {
            const calc = item.calculation;
            const expression =
              calc !== undefined && 'expression' in calc
                ? celArithmeticToRedcap(calc.expression, branchingItems)
                : null;
            annotations.unshift('@READONLY');
            if (expression !== null) {
              choices = expression;
            } else {
              // REDCap cannot compute it: a read-only text field the data are copied into.
              fieldTypeOut = 'text';
              annotations.push(
                calc === undefined
                  ? 'calculated by septype'
                  : 'expression' in calc
                    ? `calculated by septype: CEL ${calc.expression}`
                    : `calculated by septype: ${calc.calculator} (${calc.output}) from ${Object.entries(calc.inputs)
                        .map(([k, v]) => `${k} = ${own.get(v) ?? v}`)
                        .join(', ')}`,
              );
            }
          }
          if (instrument.group !== null) {
            annotations.push(
              `repeating group ${group.id} of form ${form.id}: a repeating instrument (one instance per row)`,
            );
          }
          if (item.requireWhen !== undefined) annotations.push(`required when (CEL) ${item.requireWhen}`);
          if (item.allowedMissing !== undefined)
            annotations.push(`missing codes allowed: ${item.allowedMissing.join(', ')}`);
          rows.push(
            row({
              'Variable / Field Name': own.get(item.id)!,
              'Form Name': instrument.name,
              'Section Header': itemIndex === 0 && group.label !== form.label ? group.label : '',
              'Field Type': fieldTypeOut,
              'Field Label': item.label,
              'Choices, Calculations, OR Slider Labels': choices,
              'Field Note': notes.join('; '),
              'Text Validation Type OR Show Slider Number': fieldTypeOut === 'text' ? validation : '',
              'Text Validation Min': rangeBound(range?.min),
              'Text Validation Max': rangeBound(range?.max),
              'Identifier?': item.dateRange === 'birth' ? 'y' : '',
              'Branching Logic (Show field only if...)': branching,
              'Required Field?': item.required === true ? 'y' : '',
              'Field Annotation': annotations.join(' '),
            }),
          );
        });
      }
    }
  });
  return rows;
}

export function dataDictionaryCsv(protocol: StudyProtocol): string {
  return toCsv(
    dictionaryHeader,
    dataDictionary(protocol).map((r) => dictionaryHeader.map((h) => r[h])),
  );
}

/**
 * The events: one per visit of the schedule, `once` for the once-per-participant forms that belong to no visit,
 * and `icu_days` (its forms repeating, one instance per ICU day) for forms filled in once per ICU day.
 */
export function redcapEvents(protocol: StudyProtocol): RedcapEvent[] {
  const { schedule, forms } = protocol.forms;
  const instrumentNames = new Map(forms.map((f) => [f.id, instrumentsOf(f).map((i) => i.name)]));
  const events: RedcapEvent[] = protocol.visits.visits.map((v) => ({
    name: v.code,
    unique: uniqueEventName(v.code),
    label: v.name,
    forms: [],
  }));
  const once: RedcapEvent = { name: 'Once', unique: uniqueEventName('once'), label: 'Once per participant', forms: [] };
  const icu: RedcapEvent = { name: 'ICU days', unique: uniqueEventName('icu_days'), label: 'Each ICU day', forms: [] };
  for (const entry of schedule) {
    const instruments = instrumentNames.get(entry.form) ?? [];
    if (entry.perIcuDay === true) icu.forms.push(...instruments);
    else if (entry.visits !== undefined && entry.visits.length > 0) {
      for (const visit of entry.visits) events.find((e) => e.name === visit)?.forms.push(...instruments);
    } else once.forms.push(...instruments);
  }
  return [...events, once, icu].filter((e) => e.forms.length > 0);
}

export function eventsCsv(protocol: StudyProtocol): string {
  return toCsv(
    eventsHeader,
    redcapEvents(protocol).map((e) => [e.name, 1, e.unique, e.label]),
  );
}

export function instrumentEventMappingCsv(protocol: StudyProtocol): string {
  return toCsv(
    mappingHeader,
    redcapEvents(protocol).flatMap((e) => e.forms.map((form) => [1, e.unique, form])),
  );
}

/** Instruments that repeat: the repeating groups' instruments wherever their form is, and every form of the ICU days. */
export function repeatingInstrumentsCsv(protocol: StudyProtocol): string {
  const repeating = new Set(
    protocol.forms.forms.flatMap((f) =>
      instrumentsOf(f)
        .filter((i) => i.group !== null)
        .map((i) => i.name),
    ),
  );
  const labels = new Map(
    protocol.forms.forms.flatMap((f) =>
      instrumentsOf(f).map((i) => [i.name, i.group === null ? f.label : `${f.label}: ${i.group.label}`] as const),
    ),
  );
  const rows = redcapEvents(protocol).flatMap((e) =>
    e.forms
      .filter((form) => repeating.has(form) || e.unique === uniqueEventName('icu_days'))
      .map((form) => [e.unique, form, labels.get(form) ?? '']),
  );
  return toCsv(repeatingHeader, rows);
}

/** The REDCap files by name. */
export const redcapFiles = {
  'data-dictionary.csv': dataDictionaryCsv,
  'events.csv': eventsCsv,
  'instrument-event-mapping.csv': instrumentEventMappingCsv,
  'repeating-instruments.csv': repeatingInstrumentsCsv,
} as const;
export type RedcapFile = keyof typeof redcapFiles;
