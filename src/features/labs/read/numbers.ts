import type { Message } from '../../../core/errors.ts';
import { labReadMessages } from './messages.ts';
import type { QcFlag, Qualifier } from './result-types.ts';

/**
 * The text of a number as Dutch and English laboratory exports write it: `12.5`, with a decimal comma `12,5`
 * (where `decimalComma`), an exponent `1,2E3`. Thousands separators are refused rather than guessed: `1.234,5`
 * and `1,234.5` are ambiguous between locales, and a wrong guess is a factor 1000. Gives the number, or the
 * message saying why the text is not one. Scans by character code, as it runs once per cell of a million rows.
 */
export function parseDecimal(text: string, decimalComma: boolean): number | Message {
  const trimmed = text.trim();
  const length = trimmed.length;
  let index = 0;
  let code = trimmed.charCodeAt(0);
  if (code === 43 /* + */ || code === 45 /* - */) index++;
  let digits = 0;
  let dots = 0;
  let commas = 0;
  for (; index < length; index++) {
    code = trimmed.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46) dots++;
    else if (code === 44) commas++;
    else break;
  }
  if (index < length && (code === 101 || code === 69) /* e E */ && digits > 0) {
    index++;
    code = trimmed.charCodeAt(index);
    if (code === 43 || code === 45) index++;
    const exponentStart = index;
    while (index < length && (code = trimmed.charCodeAt(index)) >= 48 && code <= 57) index++;
    if (index === exponentStart) index = -1;
  }
  if (index !== length || digits === 0) return labReadMessages.notANumber({ text: trimmed });
  if (dots > 0 && commas > 0) return labReadMessages.ambiguousNumber({ text: trimmed });
  if (dots > 1 || commas > 1 || (commas > 0 && !decimalComma)) return labReadMessages.notANumber({ text: trimmed });
  const value = Number(commas > 0 ? trimmed.replace(',', '.') : trimmed);
  return Number.isFinite(value) ? value : labReadMessages.notANumber({ text: trimmed });
}

export type ParsedValue = { value: number | null; qualifier: Qualifier | null } | { problem: Message };

/** Bare qualifier words (upper case, without spaces), with or without their comparison sign. */
const qualifierWords: Readonly<Record<string, Qualifier>> = {
  LOD: '<LOD',
  '<LOD': '<LOD',
  LLOQ: '<LLOQ',
  '<LLOQ': '<LLOQ',
  ULOQ: '>ULOQ',
  '>ULOQ': '>ULOQ',
};

/**
 * A result cell: a number; a limit with its sign (`<0,5` is below the detection limit 0.5, `>5000` above the
 * upper limit of quantification 5000: the value is the limit); or a bare qualifier word (`<LOD`, `< LOD`, `LOD`,
 * `<LLOQ`, `>ULOQ`, any case) without a value. An empty cell is a problem ("no value"): the wide reader, where an
 * empty cell means "not measured", does not call this for one.
 */
export function parseResultValue(text: string, decimalComma: boolean): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: labReadMessages.noValue() };
  const first = trimmed.charCodeAt(0);
  const sign = first === 60 /* < */ ? '<LOD' : first === 62 /* > */ ? '>ULOQ' : null;
  if (sign === null && !isLetter(first)) {
    const value = parseDecimal(trimmed, decimalComma);
    return typeof value === 'number' ? { value, qualifier: null } : { problem: value };
  }
  const word = qualifierWords[trimmed.replace(/\s+/g, '').toUpperCase()];
  if (word !== undefined) return { value: null, qualifier: word };
  if (sign !== null) {
    const limit = parseDecimal(trimmed.slice(1), decimalComma);
    if (typeof limit === 'number') return { value: limit, qualifier: sign };
  }
  return { problem: labReadMessages.notANumber({ text: trimmed }) };
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A qualifier column's cell: the qualifier, null when empty, undefined when it is not one. */
export function parseQualifier(text: string): Qualifier | null | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return compact === '' ? null : qualifierWords[compact];
}

/** A QC column's cell (Olink's QC_Warning: Pass/PASS, Warning/WARN, Fail): the flag, null when empty, undefined when it is not one. */
export function parseQcFlag(text: string): QcFlag | null | undefined {
  // The exact spellings of Olink exports first: this runs on every row of an NPX file.
  switch (text) {
    case 'Pass':
    case 'PASS':
      return 'pass';
    case 'Warning':
    case 'WARN':
      return 'warning';
    case 'Fail':
    case 'FAIL':
      return 'fail';
    case '':
      return null;
  }
  switch (text.trim().toLowerCase()) {
    case '':
      return null;
    case 'pass':
    case 'passed':
      return 'pass';
    case 'warn':
    case 'warning':
      return 'warning';
    case 'fail':
    case 'failed':
      return 'fail';
    default:
      return undefined;
  }
}
