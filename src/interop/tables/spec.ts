import { studyForms } from '../../ecrf/study.ts';
import type { CodeList, FormDefinition, ItemDefinition, ItemGroupDefinition } from '../../protocol/forms.ts';
import type { Study } from '../../protocol/study.ts';
import { exportMissingCodes, missingCodesText, missingLabels, missingNumbers, missingNumbersText } from './missing.ts';

/**
 * The tidy tables of an export (issue 15 §2) as data: each table's columns with what the codebook says of them
 * (label, type, unit, codes, missing codes, derivation). The form tables come from the study's forms; a
 * repeating group is a long table of its own, keyed by participant, slot and row. Pure: no data are read here.
 */

export type ColumnType = 'text' | 'integer' | 'number' | '0/1' | 'code' | 'date' | 'datetime';

export interface ValueLabel {
  code: string | number;
  label: string;
}

export interface Column {
  name: string;
  label: string;
  type: ColumnType;
  unit: string;
  /** Value labels: a code list, 1/0, the missing numbers. */
  codes: readonly ValueLabel[];
  /** What an empty cell (or a missing number) means. */
  missing: string;
  derivation: string;
  /** `form.group.item` for a column read from a form item. */
  item: string;
}

export type TableKind = 'form' | 'repeating_group' | 'study' | 'analysis';

export interface TableSpec {
  name: string;
  label: string;
  kind: TableKind;
  /** The columns that together identify a row. */
  keys: readonly string[];
  columns: readonly Column[];
}

/** A cell as exported: text, a number, or empty. */
export type Cell = string | number | null;

const column = (c: Partial<Column> & Pick<Column, 'name' | 'label' | 'type'>): Column => ({
  unit: '',
  codes: [],
  missing: '',
  derivation: '',
  item: '',
  ...c,
});

export const studyIdColumn = column({
  name: 'study_id',
  label: 'Study id (pseudonym)',
  type: 'text',
  missing: 'never',
  derivation: 'the participant’s study id; no identity data are exported',
});
export const siteColumn = column({
  name: 'site',
  label: 'Site',
  type: 'code',
  missing: 'never',
  derivation: 'the code of the participant’s site',
});

const formStatuses: ValueLabel[] = [
  { code: 'in_progress', label: 'In progress' },
  { code: 'complete', label: 'Complete' },
  { code: 'verified', label: 'Verified (source data verified)' },
  { code: 'signed', label: 'Signed by the investigator' },
];

function formKeyColumns(form: FormDefinition): Column[] {
  return [
    studyIdColumn,
    siteColumn,
    column({
      name: 'slot',
      label: 'Visit or ICU day of the form',
      type: 'text',
      missing: 'never',
      derivation: 'the visit code (D0, D3, ...), `day-<n>` for ICU day n, or `once` for a once-per-participant form',
    }),
    column({
      name: 'form_version',
      label: `Version of the ${form.label} form the record was entered under`,
      type: 'text',
      missing: 'never',
    }),
    column({
      name: 'form_status',
      label: 'Status of the form record',
      type: 'code',
      codes: formStatuses,
      missing: 'never',
    }),
  ];
}

const rowColumn = column({
  name: 'row',
  label: 'Row of the repeating group (1, 2, ...)',
  type: 'integer',
  missing: 'never',
  derivation: 'the row’s position in the form record, from 1',
});

const missingColumnCodes: ValueLabel[] = exportMissingCodes.map((code) => ({ code, label: missingLabels[code] }));
const numberCodes: ValueLabel[] = exportMissingCodes.map((code) => ({
  code: missingNumbers[code],
  label: missingLabels[code],
}));

/** The table name of a form, and of one of its repeating groups. */
export const formTableName = (form: string) => `form_${form}`;
export const groupTableName = (form: string, group: string) => `form_${form}__${group}`;
/** Column names: the missing-code companion of an item, and one option of a multiple choice. */
export const missingColumnName = (item: string) => `${item}__missing`;
export const optionColumnName = (item: string, code: string) => `${item}___${code}`;

/** What the form item's columns are: its value (or 0/1 per option), and for entered items the missing code. */
export interface ItemColumns {
  item: ItemDefinition;
  /** `value`: one column; `options`: one 0/1 column per code; the companion missing-code column when entered. */
  shape: 'value' | 'options';
  codes: readonly { code: string; label: string }[];
  columns: Column[];
}

type CelType = string | undefined;

function valueType(item: ItemDefinition, celType: CelType): ColumnType {
  switch (item.type) {
    case 'text':
      return 'text';
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'single_choice':
      return 'code';
    case 'multiple_choice':
      return 'integer';
    case 'yes_no':
      return '0/1';
    case 'calculated':
      if (celType === 'int') return 'integer';
      if (celType === 'double') return 'number';
      if (celType === 'bool') return '0/1';
      if (celType === 'google.protobuf.Timestamp') return 'datetime';
      return 'text';
  }
}

function derivationOf(item: ItemDefinition, group: ItemGroupDefinition): string {
  const parts: string[] = [];
  if (item.calculation !== undefined) {
    parts.push(
      'expression' in item.calculation
        ? `calculated: ${item.calculation.expression}`
        : `calculated by ${item.calculation.calculator} (${item.calculation.output}) from ${Object.entries(
            item.calculation.inputs,
          )
            .map(([input, from]) => `${input} = ${from}`)
            .join(', ')}`,
    );
  }
  if (group.showWhen !== undefined) parts.push(`group asked when ${group.showWhen}`);
  if (item.showWhen !== undefined) parts.push(`asked when ${item.showWhen}`);
  if (item.required === true) parts.push('required');
  if (item.requireWhen !== undefined) parts.push(`required when ${item.requireWhen}`);
  const range = (name: string, r: { min?: number; max?: number } | undefined) =>
    r === undefined ? [] : [`${name} ${r.min ?? '−∞'} to ${r.max ?? '∞'}`];
  parts.push(...range('accepted range', item.hardRange), ...range('expected range', item.softRange));
  if (item.conversions !== undefined && item.conversions.length > 0) {
    parts.push(`entered in ${item.unit ?? ''} or ${item.conversions.map((c) => c.unit).join(', ')}, converted`);
  }
  return parts.join('; ');
}

export function itemColumns(
  form: FormDefinition,
  group: ItemGroupDefinition,
  item: ItemDefinition,
  codeLists: ReadonlyMap<string, CodeList>,
  celType: CelType,
): ItemColumns {
  const ref = `${form.id}.${group.id}.${item.id}`;
  const codes = item.codeList === undefined ? [] : (codeLists.get(item.codeList)?.options ?? []);
  const allowed = item.allowedMissing ?? exportMissingCodes.filter((c) => c !== 'no_entry');
  const entered = item.type !== 'calculated';
  const missingText = entered
    ? `empty when there is no value; why is in ${missingColumnName(item.id)}`
    : 'empty when it cannot be calculated (an input is missing) or was not asked';
  if (item.type === 'multiple_choice') {
    const columns = codes.map((option) =>
      column({
        name: optionColumnName(item.id, option.code),
        label: `${item.label}: ${option.label}`,
        type: 'integer',
        codes: [{ code: 1, label: 'Checked' }, { code: 0, label: 'Not checked' }, ...numberCodes],
        missing: `a negative number says why the item has no answer: ${missingNumbersText()}`,
        derivation: `1 when “${option.label}” (${option.code}) was chosen, 0 when the item was answered without it; ${derivationOf(item, group)}`,
        item: ref,
      }),
    );
    return { item, shape: 'options', codes, columns };
  }
  const type = valueType(item, celType);
  const columns = [
    column({
      name: item.id,
      label: item.label,
      type,
      unit: item.unit ?? '',
      codes:
        type === '0/1'
          ? [
              { code: 1, label: 'Yes' },
              { code: 0, label: 'No' },
            ]
          : codes,
      missing: missingText,
      derivation: derivationOf(item, group),
      item: ref,
    }),
  ];
  if (entered) {
    columns.push(
      column({
        name: missingColumnName(item.id),
        label: `${item.label}: why missing`,
        type: 'code',
        codes: missingColumnCodes.filter((c) => c.code === 'no_entry' || allowed.includes(c.code as never)),
        missing: 'empty when the item has a value',
        derivation: `the missing code entered for ${item.id} (allowed: ${missingCodesText(allowed)}), or no_entry`,
        item: ref,
      }),
    );
  }
  return { item, shape: 'value', codes, columns };
}

/** A form table or a repeating group's table, with how each item maps to columns. */
export interface FormTable extends TableSpec {
  form: string;
  /** null: the form's non-repeating items. */
  group: string | null;
  items: readonly ItemColumns[];
}

/**
 * The form tables of the study: every form of every protocol version (current first), items united across the
 * versions of a form in the order they first appear, so that records entered under any version fit.
 */
interface GroupEntry {
  group: ItemGroupDefinition;
  items: Map<string, ItemDefinition>;
}
interface FormEntry {
  form: FormDefinition;
  groups: Map<string, GroupEntry>;
}

export function formTables(study: Study): FormTable[] {
  const compiled = studyForms(study);
  const versions = [study.current, ...Object.values(study.versions).filter((p) => p !== study.current)];
  const forms = new Map<string, FormEntry>();
  const codeLists = new Map<string, CodeList>();
  const celTypes = new Map<string, string>();
  for (const protocol of versions) {
    for (const list of protocol.forms.codeLists) if (!codeLists.has(list.id)) codeLists.set(list.id, list);
    for (const form of protocol.forms.forms) {
      const entry: FormEntry = forms.get(form.id) ?? { form, groups: new Map() };
      forms.set(form.id, entry);
      const compiledForm = compiled.get(protocol.version)?.get(`${form.id}@${form.version}`);
      for (const group of form.groups) {
        const g: GroupEntry = entry.groups.get(group.id) ?? { group, items: new Map<string, ItemDefinition>() };
        entry.groups.set(group.id, g);
        for (const item of group.items) {
          if (!g.items.has(item.id)) g.items.set(item.id, item);
          const celType = compiledForm?.items.get(item.id)?.type;
          if (celType !== undefined && !celTypes.has(`${form.id}.${item.id}`))
            celTypes.set(`${form.id}.${item.id}`, celType);
        }
      }
    }
  }
  const tables: FormTable[] = [];
  for (const { form, groups } of forms.values()) {
    const keys = formKeyColumns(form);
    const flat: ItemColumns[] = [];
    const repeating: FormTable[] = [];
    for (const { group, items } of groups.values()) {
      const mapped = [...items.values()].map((item) =>
        itemColumns(form, group, item, codeLists, celTypes.get(`${form.id}.${item.id}`)),
      );
      if (group.repeating === true) {
        repeating.push(
          checked({
            name: groupTableName(form.id, group.id),
            label: `${form.label}: ${group.label} (one row per entry)`,
            kind: 'repeating_group',
            keys: ['study_id', 'slot', 'row'],
            columns: [...keys, rowColumn, ...mapped.flatMap((m) => m.columns)],
            form: form.id,
            group: group.id,
            items: mapped,
          }),
        );
      } else flat.push(...mapped);
    }
    tables.push(
      checked({
        name: formTableName(form.id),
        label: form.label,
        kind: 'form',
        keys: ['study_id', 'slot'],
        columns: [...keys, ...flat.flatMap((m) => m.columns)],
        form: form.id,
        group: null,
        items: flat,
      }),
      ...repeating,
    );
  }
  return tables;
}

/** A table whose column names repeat would export a value under the wrong name: refused as a definition error. */
export function checked<T extends TableSpec>(table: T): T {
  const seen = new Set<string>();
  for (const { name } of table.columns) {
    if (seen.has(name)) throw new Error(`table ${table.name}: the column ${name} would appear twice`);
    seen.add(name);
  }
  return table;
}
