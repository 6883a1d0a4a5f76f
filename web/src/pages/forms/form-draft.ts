import { InputError } from '../../../../src/core/errors.ts';
import type { CompiledForm, CompiledItem } from '../../../../src/ecrf/compile.ts';
import { evaluateForm, type Entry, type Evaluation, type FormData } from '../../../../src/ecrf/evaluate.ts';
import { numberText, readEntry } from '../../../../src/ecrf/values.ts';
import type { ItemGroupDefinition, MissingCode } from '../../../../src/protocol/forms.ts';
import type { BodyOf } from '../../api/client.ts';
import type { crfEndpoints } from '../../api/endpoints.ts';
import type { EntryView, FormRecordView } from '../../api/types.ts';
import { isoToLocalInput, localInputToIso } from '../../i18n/site-time.ts';

/**
 * A form as a person fills it in (the draft), and what it amounts to: the entries the API takes, the values the
 * engine reads, and the fields whose input the item's rules refuse. Pure; the entry page keeps one draft in state
 * and runs `readDraft` and the engine on every change, so calculations and checks follow the typing.
 *
 * A field holds what was typed, not yet a value: a number as its text ("7," on the way to "7,5"), a date-time as
 * wall-clock time at the site. No entry for a field means "not entered"; `[]` for a multiple choice is "none of
 * these", an answer of its own.
 */
export type DraftValue = string | boolean | readonly string[];
export type DraftEntry = { value: DraftValue; unit?: string } | { missing: MissingCode };
export type DraftEntries = Readonly<Record<string, DraftEntry>>;
/** A row of a repeating group; `id` keeps React's row identity when a row above is removed. */
export interface DraftRow {
  id: number;
  entries: DraftEntries;
}
export interface Draft {
  items: DraftEntries;
  rows: Readonly<Record<string, readonly DraftRow[]>>;
}

export type FormBody = Pick<BodyOf<typeof crfEndpoints.save>, 'items' | 'rows'>;
type EntryInput = FormBody['items'][string];

/** How findings, queries and history name a field: its id, or `group[row].id` in a repeating group. */
export function itemKey(group: Pick<ItemGroupDefinition, 'id' | 'repeating'>, row: number, id: string): string {
  return group.repeating === true ? `${group.id}[${row}].${id}` : id;
}

/** The field a refusal of a save names (`items.<id>`, `rows.<group>.<row>.<id>`) as an item key, if any. */
export function keyOfField(field: string | undefined): string | undefined {
  const item = /^items\.(\w+)$/.exec(field ?? '');
  if (item !== null) return item[1];
  const inRow = /^rows\.(\w+)\.(\d+)\.(\w+)$/.exec(field ?? '');
  return inRow === null ? undefined : `${inRow[1]}[${inRow[2]}].${inRow[3]}`;
}

/** The draft of a saved record: entered items only (calculated ones are the engine's). */
export function draftOf(form: CompiledForm, record: Pick<FormRecordView, 'items' | 'rows'>, zone: string): Draft {
  const entriesOf = (views: Readonly<Record<string, EntryView>>) => {
    const entries: Record<string, DraftEntry> = {};
    for (const [id, view] of Object.entries(views)) {
      const item = form.items.get(id);
      if (item !== undefined && item.definition.type !== 'calculated') entries[id] = draftEntryOf(item, view, zone);
    }
    return entries;
  };
  const rows: Record<string, DraftRow[]> = {};
  for (const group of form.definition.groups) {
    if (group.repeating !== true) continue;
    rows[group.id] = (record.rows[group.id] ?? []).map((row, index) => ({ id: index, entries: entriesOf(row) }));
  }
  return { items: entriesOf(record.items), rows };
}

function draftEntryOf(item: CompiledItem, view: EntryView, zone: string): DraftEntry {
  if ('missing' in view) return { missing: view.missing };
  const { value } = view;
  if (typeof value === 'number') {
    // Shown as it was entered: 9.6 kPa stays 9.6 kPa, not the 72 mmHg it is stored as.
    if (view.entered !== undefined) return { value: numberText(view.entered.value), unit: view.entered.unit };
    return { value: numberText(value) };
  }
  if (item.definition.type === 'datetime' && typeof value === 'string') return { value: isoToLocalInput(value, zone) };
  return { value };
}

/** A typed number: a decimal comma reads as a point (Dutch keyboards); anything else is left for the item's rules. */
function numberOf(text: string): number | string {
  const normalized = text.replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : text;
}

/** The entry the API takes for a field, or undefined when nothing is in it yet. */
export function inputOf(item: CompiledItem, entry: DraftEntry, zone: string): EntryInput | undefined {
  if ('missing' in entry) return { missing: entry.missing };
  const { value } = entry;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const { type } = item.definition;
  if (type === 'integer' || type === 'decimal') {
    const number = numberOf(String(value).trim());
    const unit = entry.unit !== undefined && entry.unit !== item.definition.unit ? entry.unit : undefined;
    return unit === undefined ? { value: number } : { value: number, unit };
  }
  if (type === 'datetime') return { value: localInputToIso(String(value), zone) ?? String(value) };
  return { value: typeof value === 'object' ? [...value] : value };
}

export interface ReadDraft {
  /** The values as the engine takes them (fields the rules refuse are left out). */
  data: FormData;
  /** The entries as the API takes them, by item key. */
  inputs: ReadonlyMap<string, EntryInput>;
  /** Input the item's rules refuse (a letter in a number, too many decimals), by item key. */
  errors: ReadonlyMap<string, InputError>;
}

/** Reads every field with the same rules the server applies before a save (src/ecrf/values.ts). */
export function readDraft(form: CompiledForm, draft: Draft, zone: string): ReadDraft {
  const inputs = new Map<string, EntryInput>();
  const errors = new Map<string, InputError>();
  const read = (entries: DraftEntries, keyOf: (id: string) => string) => {
    const values: Record<string, Entry> = {};
    for (const [id, entry] of Object.entries(entries)) {
      const item = form.items.get(id);
      const input = item === undefined ? undefined : inputOf(item, entry, zone);
      if (item === undefined || input === undefined) continue;
      const key = keyOf(id);
      inputs.set(key, input);
      try {
        values[id] = readEntry(item, input);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.set(key, error);
      }
    }
    return values;
  };
  const items = read(draft.items, (id) => id);
  const rows: Record<string, Record<string, Entry>[]> = {};
  for (const group of form.definition.groups) {
    if (group.repeating !== true) continue;
    rows[group.id] = (draft.rows[group.id] ?? []).map((row, index) =>
      read(row.entries, (id) => itemKey(group, index, id)),
    );
  }
  return { data: { items, rows }, inputs, errors };
}

/**
 * What a save sends: the entries of the fields shown, in form order. A hidden field's entry stays in the draft (it
 * comes back when its condition holds again) but is not sent: the server would not keep it anyway.
 */
export function bodyOf(form: CompiledForm, draft: Draft, read: ReadDraft, evaluation: Evaluation): FormBody {
  const kept = (group: ItemGroupDefinition, row: number) => {
    const entries: Record<string, EntryInput> = {};
    for (const item of group.items) {
      const key = itemKey(group, row, item.id);
      const input = read.inputs.get(key);
      if (input !== undefined && evaluation.shown.has(key)) entries[item.id] = input;
    }
    return entries;
  };
  const items: Record<string, EntryInput> = {};
  const rows: Record<string, Record<string, EntryInput>[]> = {};
  for (const group of form.definition.groups) {
    if (group.repeating === true)
      rows[group.id] = (draft.rows[group.id] ?? []).map((_row, index) => kept(group, index));
    else Object.assign(items, kept(group, 0));
  }
  return { items, rows };
}

/**
 * The repeating groups asked now: those where a new row would show a field. Their fields' conditions read items
 * outside the group ("re-admitted" before the re-admissions), so an empty row is tried out.
 */
export function askedGroups(form: CompiledForm, data: FormData): ReadonlySet<string> {
  const asked = new Set<string>();
  for (const group of form.definition.groups) {
    if (group.repeating !== true) continue;
    const rows = data.rows?.[group.id] ?? [];
    const probe = evaluateForm(form, { ...data, rows: { ...data.rows, [group.id]: [...rows, {}] } });
    const prefix = `${group.id}[${rows.length}].`;
    if ([...probe.shown].some((key) => key.startsWith(prefix))) asked.add(group.id);
  }
  return asked;
}

/** The draft and everything the engine makes of it, in one pass. */
export interface DraftState {
  read: ReadDraft;
  evaluation: Evaluation;
  asked: ReadonlySet<string>;
  body: FormBody;
}

export function stateOf(form: CompiledForm, draft: Draft, zone: string): DraftState {
  const read = readDraft(form, draft, zone);
  const evaluation = evaluateForm(form, read.data);
  return { read, evaluation, asked: askedGroups(form, read.data), body: bodyOf(form, draft, read, evaluation) };
}

/** The draft with one field changed; `undefined` takes its entry away (not entered). */
export function withEntry(
  draft: Draft,
  group: Pick<ItemGroupDefinition, 'id' | 'repeating'>,
  row: number,
  id: string,
  entry: DraftEntry | undefined,
): Draft {
  const change = (entries: DraftEntries): DraftEntries => {
    const { [id]: _previous, ...rest } = entries;
    return entry === undefined ? rest : { ...rest, [id]: entry };
  };
  if (group.repeating !== true) return { ...draft, items: change(draft.items) };
  const rows = (draft.rows[group.id] ?? []).map((r, index) =>
    index === row ? { ...r, entries: change(r.entries) } : r,
  );
  return { ...draft, rows: { ...draft.rows, [group.id]: rows } };
}

export function withRowAdded(draft: Draft, groupId: string): Draft {
  const rows = draft.rows[groupId] ?? [];
  const id = Math.max(-1, ...rows.map((r) => r.id)) + 1;
  return { ...draft, rows: { ...draft.rows, [groupId]: [...rows, { id, entries: {} }] } };
}

export function withRowRemoved(draft: Draft, groupId: string, index: number): Draft {
  const rows = (draft.rows[groupId] ?? []).filter((_row, i) => i !== index);
  return { ...draft, rows: { ...draft.rows, [groupId]: rows } };
}
