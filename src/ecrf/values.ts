import { DateTime } from 'luxon';
import { z } from 'zod';
import { InputError, type Message } from '../core/errors.ts';
import { inputMessages } from '../core/messages.ts';
import { birthDate, calendarDate, instant } from '../core/schemas.ts';
import { badTextError, firstMessage } from '../core/zod-input.ts';
import { missingCodes, type MissingCode } from '../protocol/forms.ts';
import type { CompiledItem } from './compile.ts';
import type { EnteredValue, Entry } from './evaluate.ts';
import type { ItemValue } from './expressions.ts';
import { ecrfMessages } from './messages.ts';

/**
 * What a person enters for one item, read into the engine's value, and the value as the text the item-data table
 * stores. The same rules on the server (before a save) and in the browser (while typing), so both refuse alike.
 *
 * Ranges are not checked here: the engine's `evaluateForm` checks hard and soft ranges on the value in the item's
 * unit, with one message wherever it runs. Here: the type, the unit, the precision, the code list, the missing
 * codes, and that a number is a finite one.
 */

/**
 * One item's entry as the API and the web form send it: a value (with the unit it was entered in, for an item
 * with units), or the reason it is missing. `null` or nothing is not an entry: clearing an entry is an action of
 * its own (with its reason for change), never a value. A value is one of the JSON shapes some item type takes;
 * which one is the item's (`readEntry`).
 */
export const entryInput = z.union([
  z.strictObject({
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
    unit: z.string().optional().describe('The unit it was entered in; by default the item’s own'),
  }),
  z.strictObject({ missing: z.enum(missingCodes).describe('Why there is no value') }),
]);

/** The most characters a text item holds (after trimming). */
export const maxTextLength = 2000;
/** Integers are 32-bit (a PostgreSQL `integer` where a report casts them), the same bound either way. */
export const maxInteger = 2_147_483_647;
/** Decimals kept of a value converted from another unit when the item declares no precision (float noise). */
const defaultConversionPrecision = 10;

/**
 * Checks and converts an entry for `item`. Every refusal is an InputError whose field is the item's id; the
 * caller puts the form, group and row in front with `.within()`.
 */
export function readEntry(item: CompiledItem, input: unknown): Entry {
  const id = item.definition.id;
  function refuse(message: Message): never {
    throw new InputError(id, message);
  }
  if (item.definition.type === 'calculated') refuse(ecrfMessages.calculated());
  // The edge refuses such text too, but this rule must not rely on being called behind it: any text anywhere in
  // the entry (the value, the unit, a code, a key), before any message could quote it.
  const badText = badTextError(input);
  if (badText !== undefined) refuse(inputMessages.badCharacter(badText.params as { character: string }));

  const entry = shapeOf(input) ?? refuse(ecrfMessages.entryShape());
  if ('missing' in entry) {
    const allowed = item.definition.allowedMissing ?? missingCodes;
    const code = entry.missing;
    if (typeof code !== 'string' || !(allowed as readonly string[]).includes(code)) {
      refuse(ecrfMessages.missingNotAllowed({ codes: allowed.join(', ') }));
    }
    return { missing: code as MissingCode };
  }
  if (entry.value === null) refuse(ecrfMessages.noValue());
  try {
    return readValue(item, entry.value, entry.unit);
  } catch (error) {
    if (error instanceof RefusedValue) refuse(error.refusal);
    throw error;
  }
}

/** A refusal inside the value rules, which readEntry turns into the item's InputError. */
class RefusedValue extends Error {
  constructor(readonly refusal: Message) {
    super(refusal.text);
  }
}
function refused(message: Message): never {
  throw new RefusedValue(message);
}

/** `{value, unit?}` or `{missing}`, by their own keys only; anything else is not an entry. */
function shapeOf(input: unknown): { value: unknown; unit: unknown } | { missing: unknown } | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const keys = Object.keys(input);
  const record = input as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === 'missing') return { missing: record.missing };
  if (!Object.hasOwn(input, 'value') || !keys.every((key) => key === 'value' || key === 'unit')) return undefined;
  return { value: record.value, unit: record.unit };
}

function readValue(item: CompiledItem, value: unknown, unit: unknown): Entry {
  const { definition } = item;
  if (definition.type !== 'integer' && definition.type !== 'decimal' && unit !== undefined) {
    refused(ecrfMessages.noUnit());
  }
  switch (definition.type) {
    case 'text':
      return { value: readText(value) };
    case 'integer':
    case 'decimal':
      return readNumber(item, value, unit);
    case 'date': {
      if (typeof value !== 'string') refused(inputMessages.calendarDate());
      return { value: viaCore(definition.dateRange === 'birth' ? birthDate : calendarDate, value) };
    }
    case 'datetime': {
      if (typeof value !== 'string') refused(inputMessages.instant());
      // Held as the UTC instant (as CEL's timestamps come back), to the millisecond.
      return { value: new Date(DateTime.fromISO(viaCore(instant, value)).toMillis()).toISOString() };
    }
    case 'single_choice':
      if (typeof value !== 'string') refused(ecrfMessages.choiceExpected({ codes: codesOf(item) }));
      return { value: readCode(item, value) };
    case 'multiple_choice':
      return { value: readCodes(item, value) };
    case 'yes_no':
      if (typeof value !== 'boolean') refused(ecrfMessages.yesNoExpected());
      return { value };
    case 'calculated':
      // readEntry refuses these before it reads a value.
      throw new Error(`calculated item ${definition.id} is never entered`);
  }
}

function readText(value: unknown): string {
  if (typeof value !== 'string') refused(ecrfMessages.textExpected());
  const text = value.trim();
  if (text === '') refused(ecrfMessages.textEmpty());
  if (text.length > maxTextLength) refused(ecrfMessages.textTooLong({ maximum: maxTextLength }));
  return text;
}

/** Dates and date-times by the core's own schemas, so that they are refused with the same messages everywhere. */
function viaCore(schema: z.ZodType<string>, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = firstMessage(parsed.error);
  return refused(typeof message === 'string' ? inputMessages.invalid() : message);
}

/**
 * A number in the item's unit, or in a unit of its conversions: canonical = entered × factor + offset, rounded
 * to the item's precision (a conversion makes decimals; a whole number for an integer), with what was entered
 * kept beside it. In the item's own unit, more decimals than its precision are refused, never rounded.
 */
function readNumber(item: CompiledItem, value: unknown, unit: unknown): Entry {
  const { definition } = item;
  const integer = definition.type === 'integer';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return refused(integer ? ecrfMessages.integerExpected() : ecrfMessages.numberExpected());
  }
  const entered = value === 0 ? 0 : value; // -0 is 0
  const conversion = conversionFor(item, unit);
  let canonical = entered;
  if (conversion !== undefined) {
    const precision = integer ? 0 : (definition.precision ?? defaultConversionPrecision);
    canonical = roundTo(entered * conversion.factor + (conversion.offset ?? 0), precision);
  } else if (integer) {
    if (!Number.isInteger(entered)) refused(ecrfMessages.integerExpected());
  } else if (definition.precision !== undefined && decimalsOf(entered) > definition.precision) {
    refused(ecrfMessages.tooManyDecimals({ precision: definition.precision }));
  }
  if (!Number.isFinite(canonical)) refused(ecrfMessages.numberExpected());
  if (integer && Math.abs(canonical) > maxInteger) {
    refused(ecrfMessages.integerRange({ min: -maxInteger, max: maxInteger }));
  }
  return conversion === undefined
    ? { value: canonical }
    : { value: canonical, entered: { value: entered, unit: conversion.unit } };
}

/** The conversion a unit asks for; none for the item's own unit (or none given). */
function conversionFor(
  item: CompiledItem,
  unit: unknown,
): { unit: string; factor: number; offset?: number } | undefined {
  const { unit: own, conversions = [] } = item.definition;
  if (unit === undefined || (own !== undefined && unit === own)) return undefined;
  if (own === undefined) return refused(ecrfMessages.noUnit());
  const conversion = conversions.find((c) => c.unit === unit);
  if (conversion !== undefined) return conversion;
  const units = [own, ...conversions.map((c) => c.unit)].join(', ');
  return refused(ecrfMessages.unitNotAccepted({ unit: typeof unit === 'string' ? unit : JSON.stringify(unit), units }));
}

function codesOf(item: CompiledItem): string {
  return [...(item.codes ?? [])].join(', ');
}

function readCode(item: CompiledItem, code: string): string {
  if (!(item.codes?.has(code) ?? false)) refused(ecrfMessages.unknownCode({ code, codes: codesOf(item) }));
  return code;
}

/** Distinct codes of the list, in the code list's order (a choice of several has no order); `[]`: none applies. */
function readCodes(item: CompiledItem, value: unknown): readonly string[] {
  if (!Array.isArray(value)) return refused(ecrfMessages.choicesExpected({ codes: codesOf(item) }));
  const chosen = new Set<string>();
  for (const code of value as unknown[]) {
    if (typeof code !== 'string') refused(ecrfMessages.choicesExpected({ codes: codesOf(item) }));
    readCode(item, code);
    if (chosen.has(code)) refused(ecrfMessages.duplicateCode({ code: code }));
    chosen.add(code);
  }
  return [...(item.codes ?? [])].filter((code) => chosen.has(code));
}

/**
 * A finite number as plain decimal text, the shortest that reads back as the same number: `0.1`, `-12`,
 * `1000000000000000000000` (never `1e+21`), `0.0000001`; −0 is `0`.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
  const shortest = String(value === 0 ? 0 : value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (match === null) return shortest;
  const [, sign = '', head = '', tail = '', exponent = '0'] = match;
  const digits = head + tail;
  const point = head.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The decimals a number shows in its shortest form: `0.30000000000000004` has 17. */
export function decimalsOf(value: number): number {
  return numberText(value).split('.')[1]?.length ?? 0;
}

/** Rounds the shortest decimal form of a number half away from zero to `precision` decimals. */
export function roundTo(value: number, precision: number): number {
  if (!Number.isFinite(value) || decimalsOf(value) <= precision) return value === 0 ? 0 : value;
  const shifted = Math.round(Number(`${numberText(Math.abs(value))}e${precision}`));
  const rounded = Number(`${numberText(shifted)}e-${precision}`);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * An entry as a row of the item-data table holds it: the value as text (`text`), or the reason it is missing
 * (`missing`, with `text` null: a missing code is never a value), and for a number entered in another unit, that
 * number as text and its unit.
 */
export interface StoredEntry {
  text: string | null;
  missing: MissingCode | null;
  enteredText: string | null;
  enteredUnit: string | null;
}

export function storedEntry(item: CompiledItem, entry: Entry): StoredEntry {
  if ('missing' in entry) return { text: null, missing: entry.missing, enteredText: null, enteredUnit: null };
  return {
    text: entryText(item, entry),
    missing: null,
    enteredText: entry.entered === undefined ? null : numberText(entry.entered.value),
    enteredUnit: entry.entered?.unit ?? null,
  };
}

export function entryOfStored(item: CompiledItem, stored: StoredEntry): Entry {
  if (stored.missing !== null) {
    if (stored.text !== null) throw new StoredTextError(item, 'holds both a value and a missing code');
    return { missing: stored.missing };
  }
  if (stored.text === null) throw new StoredTextError(item, 'holds neither a value nor a missing code');
  const { value } = entryFromText(item, stored.text);
  if ((stored.enteredText === null) !== (stored.enteredUnit === null)) {
    throw new StoredTextError(item, 'holds an entered value without its unit, or a unit without a value');
  }
  if (stored.enteredText === null || stored.enteredUnit === null) return { value };
  const entered: EnteredValue = { value: numberFromText(item, stored.enteredText), unit: stored.enteredUnit };
  return { value, entered };
}

/** Stored text that is not what `entryText` writes: the table was changed behind the application's back. */
export class StoredTextError extends Error {
  override name = 'StoredTextError';
  constructor(item: CompiledItem, problem: string) {
    super(`stored data of item ${item.definition.id} (${item.definition.type}) ${problem}`);
  }
}

/** How a value is written: by the item's type, a calculated item's by the type its calculation gives. */
type TextKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'codes';

function textKindOf(item: CompiledItem): TextKind {
  if (item.definition.type === 'date') return 'date';
  switch (item.type) {
    case 'int':
    case 'double':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'list<string>':
      return 'codes';
    case 'google.protobuf.Timestamp':
      return 'datetime';
    default:
      return 'text';
  }
}

/**
 * The value as the item-data table's text, lossless for every type, so that storage never guesses: text and codes
 * as they are; numbers as plain decimal text (`numberText`); `true`/`false`; dates `YYYY-MM-DD`; date-times as the
 * UTC instant `2026-03-02T13:20:00.000Z`; a multiple choice as a JSON array of codes (`[]`: none applies).
 */
export function entryText(item: CompiledItem, entry: { value: ItemValue }): string {
  const { value } = entry;
  const wrong = (): never => {
    throw new Error(`item ${item.definition.id} (${item.definition.type}) cannot hold ${JSON.stringify(value)}`);
  };
  switch (textKindOf(item)) {
    case 'number':
      return typeof value === 'number' ? numberText(value) : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : wrong();
    case 'codes':
      return Array.isArray(value) ? JSON.stringify(value) : wrong();
    case 'text':
    case 'date':
    case 'datetime':
      return typeof value === 'string' ? value : wrong();
  }
}

/** The value back from its stored text; text that `entryText` does not write is a StoredTextError. */
export function entryFromText(item: CompiledItem, text: string): { value: ItemValue } {
  const bad = (): never => {
    throw new StoredTextError(item, `is not stored text: ${JSON.stringify(text.slice(0, 60))}`);
  };
  switch (textKindOf(item)) {
    case 'number':
      return { value: numberFromText(item, text) };
    case 'boolean':
      return text === 'true' ? { value: true } : text === 'false' ? { value: false } : bad();
    case 'codes': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return bad();
      }
      if (!Array.isArray(parsed) || !parsed.every((code) => typeof code === 'string')) bad();
      return JSON.stringify(parsed) === text ? { value: parsed as string[] } : bad();
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { value: text } : bad();
    case 'datetime': {
      const at = Date.parse(text);
      return Number.isFinite(at) && new Date(at).toISOString() === text ? { value: text } : bad();
    }
    case 'text':
      return { value: text };
  }
}

/** A number written by `numberText`, and only that (no `1e21`, `+1`, `01`, `1.0`, `-0`). */
function numberFromText(item: CompiledItem, text: string): number {
  const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || numberText(value) !== text) {
    throw new StoredTextError(item, `is not a number as stored: ${JSON.stringify(text.slice(0, 60))}`);
  }
  return value;
}
