import type { MissingCode } from '../../protocol/forms.ts';
import { missingNumber } from './missing.ts';
import type { Cell, FormTable, ItemColumns } from './spec.ts';

/**
 * Wide rows of the form tables from item data (the entity–attribute–value rows of a form record): one row per
 * record for a form's items outside repeating groups, one per row of each repeating group. A value becomes its
 * typed cell (numbers as numbers, yes/no as 1/0, a multiple choice as 1/0 per option); an item without a value
 * says why in its missing-code column (or, for a multiple choice, as a negative number in each option column).
 */

export interface FormRecordRow {
  id: number;
  studyId: string;
  site: string;
  slot: string;
  formId: string;
  formVersion: string;
  status: string;
}

export interface ItemDatum {
  itemId: string;
  /** 0 outside repeating groups; from 0 in a repeating one. */
  row: number;
  value: string | null;
  missing: string | null;
}

/** A record's item data by item and row. */
export type RecordData = ReadonlyMap<string, ReadonlyMap<number, ItemDatum>>;

export function recordData(data: Iterable<ItemDatum>): RecordData {
  const byItem = new Map<string, Map<number, ItemDatum>>();
  for (const datum of data) {
    let rows = byItem.get(datum.itemId);
    if (rows === undefined) byItem.set(datum.itemId, (rows = new Map<number, ItemDatum>()));
    rows.set(datum.row, datum);
  }
  return byItem;
}

/** The rows the record gives the table: one for a form table, one per present row for a repeating group. */
export function formTableRows(table: FormTable, record: FormRecordRow, data: RecordData): Cell[][] {
  const keys: Cell[] = [record.studyId, record.site, record.slot, record.formVersion, record.status];
  if (table.group === null) {
    return [[...keys, ...table.items.flatMap((item) => itemCells(item, data.get(item.item.id)?.get(0)))]];
  }
  const rowIndexes = new Set<number>();
  for (const item of table.items) for (const row of data.get(item.item.id)?.keys() ?? []) rowIndexes.add(row);
  return [...rowIndexes]
    .sort((a, b) => a - b)
    .map((row) => [
      ...keys,
      row + 1,
      ...table.items.flatMap((item) => itemCells(item, data.get(item.item.id)?.get(row))),
    ]);
}

const isMissingCode = (code: string | null): code is MissingCode => code !== null && code !== '';

export function itemCells(columns: ItemColumns, datum: ItemDatum | undefined): Cell[] {
  const { item } = columns;
  const value = datum?.value ?? null;
  const why: MissingCode | 'no_entry' | null =
    value !== null ? null : datum !== undefined && isMissingCode(datum.missing) ? datum.missing : 'no_entry';
  if (columns.shape === 'options') {
    if (value === null) return columns.codes.map(() => missingNumber(why ?? 'no_entry'));
    const chosen = new Set(parseCodes(value));
    return columns.codes.map((option) => (chosen.has(option.code) ? 1 : 0));
  }
  const cell = value === null ? null : typedCell(columns.columns[0]!.type, value);
  return item.type === 'calculated' ? [cell] : [cell, why];
}

function parseCodes(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** Stored text (src/ecrf/values.ts `entryText`) as the column's cell. */
export function typedCell(type: string, text: string): Cell {
  switch (type) {
    case '0/1':
      if (text === 'true' || text === '1') return 1;
      if (text === 'false' || text === '0') return 0;
      return text;
    case 'integer':
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    default:
      return text;
  }
}

/** A record of the study tables (column name → cell) as a row in the table's column order. */
export function rowOf(
  columns: readonly { name: string }[],
  record: Readonly<Record<string, Cell | undefined>>,
): Cell[] {
  return columns.map((c) => record[c.name] ?? null);
}
