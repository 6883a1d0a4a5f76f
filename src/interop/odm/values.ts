import type { CompiledItem } from '../../ecrf/compile.ts';
import { numberText } from '../../ecrf/values.ts';
import { missingCodes, type MissingCode } from '../../protocol/forms.ts';

/**
 * How item values are written in ODM 1.3.2 and read back: fixed conventions shared by the ODM export and import
 * (docs/odm.md). The stored text (`entryText`, src/ecrf/values.ts) is already ODM's own lexical form for every type
 * but a multiple choice, which ODM holds as its codes joined by ",". Pure, no I/O.
 */

/** ODM 1.3.2 DataType values septype writes. */
export type OdmDataType = 'text' | 'string' | 'integer' | 'float' | 'date' | 'datetime' | 'boolean';

/** How an item's value is written: by its type, a calculated item's by the type its calculation gives. */
type ValueKind = 'text' | 'integer' | 'float' | 'date' | 'datetime' | 'boolean' | 'codes';

function kindOf(item: CompiledItem): ValueKind {
  const own = item.definition.type;
  if (own === 'date' || own === 'datetime') return own;
  if (own === 'multiple_choice') return 'codes';
  // Every other type by the value it holds: for a calculated item, the type its calculation yields.
  const byCelType: Readonly<Record<string, ValueKind>> = {
    int: 'integer',
    double: 'float',
    bool: 'boolean',
    'list<string>': 'codes',
    'google.protobuf.Timestamp': 'datetime',
  };
  return byCelType[item.type] ?? 'text';
}

/**
 * The ItemDef DataType: text → string, integer, decimal → float, date, datetime, yes/no → boolean, a choice →
 * text (with its CodeListRef); a calculated item the type its calculation yields.
 */
export function odmDataType(item: CompiledItem): OdmDataType {
  const kind = kindOf(item);
  if (kind === 'codes') return 'text';
  if (kind === 'text') return item.definition.type === 'single_choice' ? 'text' : 'string';
  return kind;
}

/**
 * The ItemData Value of a stored value (item_data.value_text): as stored (numbers plain decimal, `true`/`false`,
 * dates YYYY-MM-DD, date-times the UTC instant), except a multiple choice, whose codes are joined by ","
 * (empty for none). Codes never hold a comma (they are identifiers).
 */
export function odmValue(item: CompiledItem, valueText: string): string {
  if (kindOf(item) !== 'codes') return valueText;
  let codes: unknown;
  try {
    codes = JSON.parse(valueText);
  } catch {
    throw new Error(`item ${item.definition.id}: stored codes are not a JSON array: ${valueText.slice(0, 60)}`);
  }
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
    throw new Error(`item ${item.definition.id}: stored codes are not a JSON array of codes`);
  }
  return codes.join(',');
}

/**
 * The stored text of an ItemData Value (the inverse of `odmValue`), tolerant of ODM's other lexical forms: `1`/`0`
 * for booleans, `+1`, `1.50` and exponents for numbers, a date-time with an offset (→ the UTC instant). Text it
 * cannot read is returned as it is: the caller checks the result as stored text (`entryFromText`), which refuses
 * it naming the item.
 */
export function valueTextFromOdm(item: CompiledItem, value: string): string {
  const text = value.trim();
  switch (kindOf(item)) {
    case 'codes': {
      const codes = text === '' ? [] : text.split(',').map((code) => code.trim());
      return JSON.stringify(codes);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return 'true';
      if (lower === 'false' || lower === '0') return 'false';
      return value;
    }
    case 'integer':
    case 'float': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return value;
      const number = Number(text);
      return Number.isFinite(number) ? numberText(number) : value;
    }
    case 'datetime': {
      // Only a date-time with a zone names one instant; a local time is left for the caller to refuse.
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return value;
      const at = Date.parse(text);
      return Number.isFinite(at) ? new Date(at).toISOString() : value;
    }
    case 'date':
      return text;
    case 'text':
      return value;
  }
}

/** The missing codes as the CL.SEPTYPE_MISSING code list's items (CodedValue and its English decode). */
export const missingCodeDecodes: Readonly<Record<MissingCode, string>> = {
  not_done: 'Not done',
  unknown: 'Unknown',
  not_applicable: 'Not applicable',
  asked_refused: 'Asked but refused',
};

/** A FlagValue of CL.SEPTYPE_MISSING read back as a missing code, or undefined if it is none. */
export function missingCodeOf(flagValue: string): MissingCode | undefined {
  const code = flagValue.trim();
  return (missingCodes as readonly string[]).includes(code) ? (code as MissingCode) : undefined;
}
