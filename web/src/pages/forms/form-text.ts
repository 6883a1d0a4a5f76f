import type { Finding } from '../../../../src/ecrf/evaluate.ts';
import type { ItemValue } from '../../../../src/ecrf/expressions.ts';
import { splitItemKey } from '../../../../src/ecrf/item-keys.ts';
import { numberText } from '../../../../src/ecrf/values.ts';
import type { CodeList, FormDefinition, ItemDefinition, Range } from '../../../../src/protocol/forms.ts';
import type { EntryView, Language, StudyProtocol } from '../../api/types.ts';
import type { Messages } from '../../i18n/en.ts';
import { formatDay, formatInZone } from '../../i18n/format.ts';

/** How forms, slots, units, values and findings read on screen. Pure. */

/**
 * A UCUM unit as people write it: `mm[Hg]` mmHg, `umol/L` µmol/L, `10*9/L` 10⁹/L; units that are words
 * (`a` years, `1` a fraction) in the chosen language.
 */
export function unitLabel(t: Messages, unit: string): string {
  const word = t.forms.units[unit];
  if (word !== undefined) return word;
  return unit
    .replace(/[[\]{}]/g, '')
    .replace(/(^|\/)u(?=[a-zA-Z])/g, '$1µ')
    .replace(/10\*(\d+)/g, (_match, power: string) => `10${[...power].map((d) => superscripts[Number(d)]).join('')}`)
    .replace(/([a-z])2$/, '$1²');
}

const superscripts = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/** Where a form is filled in: a visit's name, an ICU day, once, or every ICU day (a column of the matrix). */
export function slotLabel(t: Messages, protocol: StudyProtocol, slot: string): string {
  const day = /^day-(\d+)$/.exec(slot);
  if (day !== null) return t.forms.icuDay(Number(day[1]));
  if (slot === 'once') return t.forms.once;
  if (slot === 'days') return t.forms.everyIcuDay;
  return protocol.visits.visits.find((v) => v.code === slot)?.name ?? slot;
}

export function formLabel(protocol: StudyProtocol, formId: string): string {
  return protocol.forms.forms.find((f) => f.id === formId)?.label ?? formId;
}

/** The item a key names (`id`, or `group[row].id`), and its row counted from 1. */
export function parseKey(key: string): { id: string; row: number | null } {
  const { id, inRow } = splitItemKey(key);
  return { id, row: inRow === null ? null : inRow.row + 1 };
}

export function itemOf(form: FormDefinition | undefined, key: string): ItemDefinition | undefined {
  const { id } = parseKey(key);
  return form?.groups.flatMap((g) => g.items).find((item) => item.id === id);
}

/** A field by its label, with the row in a repeating group ("Reason, row 2"). */
export function keyLabel(t: Messages, form: FormDefinition | undefined, key: string): string {
  const { row } = parseKey(key);
  const label = itemOf(form, key)?.label ?? key;
  return row === null ? label : t.forms.inRow(label, row);
}

export function codeLabel(codeLists: readonly CodeList[], item: ItemDefinition, code: string): string {
  return codeLists.find((list) => list.id === item.codeList)?.options.find((o) => o.code === code)?.label ?? code;
}

interface Reading {
  t: Messages;
  language: Language;
  /** The participant's site, where clinical times are read. */
  zone: string;
  codeLists: readonly CodeList[];
}

/** A value as it reads: a choice by its label, yes/no in words, a date in the chosen language. */
export function valueText(reading: Reading, item: ItemDefinition, value: ItemValue): string {
  const { t, language, zone, codeLists } = reading;
  if (typeof value === 'boolean') return value ? t.forms.yes : t.forms.no;
  if (typeof value === 'number')
    return item.unit === undefined ? numberText(value) : `${numberText(value)} ${unitLabel(t, item.unit)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return item.type === 'multiple_choice' ? t.forms.noneOfThese : t.forms.empty;
    return value
      .map((code: string) => (item.codeList === undefined ? code : codeLabel(codeLists, item, code)))
      .join(', ');
  }
  const text = value as string;
  if (item.type === 'single_choice') return codeLabel(codeLists, item, text);
  if (item.type === 'date') return formatDay(text, language);
  if (item.type === 'datetime') return formatInZone(text, zone, language);
  return text;
}

/** A stored entry, for the history: the value as entered (9.6 kPa) and the reason for a missing one. */
export function entryText(reading: Reading, item: ItemDefinition | undefined, entry: EntryView | null): string {
  const { t } = reading;
  if (entry === null) return t.forms.notEntered;
  if ('missing' in entry) return t.missingCodes[entry.missing];
  if (item === undefined) return JSON.stringify(entry.value);
  if (entry.entered !== undefined) return `${numberText(entry.entered.value)} ${unitLabel(t, entry.entered.unit)}`;
  return valueText(reading, item, entry.value);
}

function rangeText(t: Messages, item: ItemDefinition, range: Range): string {
  const unit = item.unit === undefined ? '' : ` ${unitLabel(t, item.unit)}`;
  return `${range.min ?? '…'}–${range.max ?? '…'}${unit}`;
}

/**
 * A finding in the chosen language. A range finding is said again from the item's range (the engine's text is
 * English); a check's message is the protocol's own text.
 */
export function findingText(t: Messages, item: ItemDefinition | undefined, finding: Finding, value: unknown): string {
  if (finding.rule !== 'range' || item === undefined || typeof value !== 'number') return finding.message;
  const shown = numberText(value);
  if (finding.severity === 'hard' && item.hardRange !== undefined) {
    return t.forms.outsideRange(shown, rangeText(t, item, item.hardRange));
  }
  if (item.softRange !== undefined) return t.forms.outsideExpected(shown, rangeText(t, item, item.softRange));
  return finding.message;
}
