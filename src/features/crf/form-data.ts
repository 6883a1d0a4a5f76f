import { InputError, withinPart } from '../../core/errors.ts';
import type { CompiledForm, CompiledItem } from '../../ecrf/compile.ts';
import { rowItemKey, splitItemKey } from '../../ecrf/item-keys.ts';
import type { Entry, Evaluation, FormData } from '../../ecrf/evaluate.ts';
import { entryOfStored, readEntry, storedEntry, type StoredEntry } from '../../ecrf/values.ts';
import type { FormSave } from './contract.ts';
import { crfMessages } from './messages.ts';

/**
 * A form's data in its three shapes: as a save sends it (entries by item id, rows of repeating groups), as the
 * engine evaluates it (`FormData`), and as the item-data table holds it (one row per item and row index). Pure.
 */

/** One item-data row: an item outside repeating groups has row 0. */
export interface StoredItem {
  itemId: string;
  row: number;
  entry: StoredEntry;
  calculated: boolean;
}

const slotKey = (itemId: string, row: number) => `${itemId}#${row}`;
export const storedKey = (item: Pick<StoredItem, 'itemId' | 'row'>) => slotKey(item.itemId, item.row);

/** How findings, queries and history name an item: `id`, or `group[row].id` in a repeating group. */
export function itemKey(form: CompiledForm, itemId: string, row: number): string {
  const item = form.items.get(itemId);
  return item?.group.repeating === true ? rowItemKey(item.group.id, row, itemId) : itemId;
}

/** The item and row an item key names, or undefined when it names none of the form. */
export function parseItemKey(form: CompiledForm, key: string): { item: CompiledItem; row: number } | undefined {
  const { id, inRow } = splitItemKey(key);
  const item = form.items.get(id);
  if (item === undefined) return undefined;
  if (inRow === null) return item.group.repeating === true ? undefined : { item, row: 0 };
  return item.group.repeating === true && item.group.id === inRow.group ? { item, row: inRow.row } : undefined;
}

/** The field of a save that holds an item key's entry: `items.<id>`, or `rows.<group>.<row>.<id>`. */
export function requestField(form: CompiledForm, key: string): string {
  const found = parseItemKey(form, key);
  if (found === undefined || found.item.group.repeating !== true) return `items.${key}`;
  return `rows.${found.item.group.id}.${found.row}.${found.item.definition.id}`;
}

/** Reads a save's entries with the engine's value rules; every refusal names `items.<id>` or `rows.<group>.<n>.<id>`. */
export function readSave(form: CompiledForm, input: Pick<FormSave, 'items' | 'rows'>): FormData {
  const items: Record<string, Entry> = {};
  for (const [id, raw] of Object.entries(input.items)) {
    const item = form.items.get(id);
    if (item === undefined) throw new InputError(`items.${id}`, crfMessages.unknownItem());
    if (item.group.repeating === true) {
      throw new InputError(`items.${id}`, crfMessages.inRepeatingGroup({ group: item.group.id }));
    }
    items[id] = withinPart('items', () => readEntry(item, raw));
  }
  const rows: Record<string, Record<string, Entry>[]> = {};
  for (const [groupId, groupRows] of Object.entries(input.rows ?? {})) {
    const group = form.definition.groups.find((g) => g.id === groupId && g.repeating === true);
    if (group === undefined) throw new InputError(`rows.${groupId}`, crfMessages.unknownGroup());
    rows[groupId] = groupRows.map((row, index) => {
      const entries: Record<string, Entry> = {};
      for (const [id, raw] of Object.entries(row)) {
        const item = form.items.get(id);
        if (item?.group !== group) {
          throw new InputError(`rows.${groupId}.${index}.${id}`, crfMessages.itemOfOtherGroup({ group: groupId }));
        }
        entries[id] = withinPart(`rows.${groupId}.${index}`, () => readEntry(item, raw));
      }
      return entries;
    });
  }
  return { items, rows };
}

/**
 * What is kept of evaluated form data: the entries of shown items, and the calculated values (hidden items'
 * entries are not kept, as the form definition says).
 */
export function itemsToStore(form: CompiledForm, data: FormData, evaluation: Evaluation): Map<string, StoredItem> {
  const hidden = new Set(evaluation.hiddenWithEntry);
  const kept = new Map<string, StoredItem>();
  const keep = (itemId: string, row: number, entry: Entry, calculated: boolean) => {
    const item = form.items.get(itemId)!;
    kept.set(slotKey(itemId, row), { itemId, row, entry: storedEntry(item, entry), calculated });
  };
  for (const [id, entry] of Object.entries(data.items)) if (!hidden.has(id)) keep(id, 0, entry, false);
  for (const [groupId, rows] of Object.entries(data.rows ?? {})) {
    rows.forEach((row, index) => {
      for (const [id, entry] of Object.entries(row)) {
        if (!hidden.has(rowItemKey(groupId, index, id))) keep(id, index, entry, false);
      }
    });
  }
  for (const [key, value] of Object.entries(evaluation.calculated)) {
    if (value === null) continue;
    const { item, row } = parseItemKey(form, key)!;
    keep(item.definition.id, row, { value }, true);
  }
  return kept;
}

/** Stored items as the API shows them: entries by item id, rows by group, calculated values included. */
export function entriesView(
  form: CompiledForm,
  stored: Iterable<StoredItem>,
): { items: Record<string, Entry>; rows: Record<string, Record<string, Entry>[]> } {
  const items: Record<string, Entry> = {};
  const rows: Record<string, Record<string, Entry>[]> = {};
  for (const group of form.definition.groups) if (group.repeating === true) rows[group.id] = [];
  for (const entry of stored) {
    const item = form.items.get(entry.itemId);
    if (item === undefined) continue;
    const value = entryOfStored(item, entry.entry);
    if (item.group.repeating === true) {
      const groupRows = rows[item.group.id]!;
      while (groupRows.length <= entry.row) groupRows.push({});
      groupRows[entry.row]![entry.itemId] = value;
    } else items[entry.itemId] = value;
  }
  return { items, rows };
}

export interface ItemChange {
  itemId: string;
  row: number;
  before: StoredItem | undefined;
  after: StoredItem | undefined;
}

/** What a save changes, item by item: added, changed (value, missing code or entered unit) and removed entries. */
export function changesBetween(
  before: ReadonlyMap<string, StoredItem>,
  after: ReadonlyMap<string, StoredItem>,
): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const [key, next] of after) {
    const previous = before.get(key);
    if (previous === undefined || !sameEntry(previous.entry, next.entry) || previous.calculated !== next.calculated) {
      changes.push({ itemId: next.itemId, row: next.row, before: previous, after: next });
    }
  }
  for (const [key, previous] of before) {
    if (!after.has(key))
      changes.push({ itemId: previous.itemId, row: previous.row, before: previous, after: undefined });
  }
  return changes;
}

function sameEntry(a: StoredEntry, b: StoredEntry): boolean {
  return (
    a.text === b.text && a.missing === b.missing && a.enteredText === b.enteredText && a.enteredUnit === b.enteredUnit
  );
}
