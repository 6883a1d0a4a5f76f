import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ErrorCode, Message } from './errors.ts';
import { inputMessages } from './messages.ts';
import { roles } from './permissions.ts';

/** Shared zod primitives for contracts. Request bodies are strict: an unknown field is an error. */

/**
 * A check whose failure is one of our messages, so that the web app can translate it: pass as the options
 * of `.refine` (src/core/zod-input.ts reads the key back).
 */
export function keyed(message: Message): { message: string; params: { key: string; values: Message['params'] } } {
  return { message: message.text, params: { key: message.key, values: message.params } };
}

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .refine((name) => /^[a-z0-9][a-z0-9._-]{2,63}$/.test(name), keyed(inputMessages.username()));

/** The largest id: ids live in PostgreSQL `integer` columns (32 bits; SQLite would store more, PostgreSQL fails). */
export const maxId = 2_147_483_647;

/**
 * The id of a row, in a path, a query or a body: a whole number from 1 to `maxId`. Path and query values arrive
 * as text, so decimal digits are read as their number; nothing else is converted (`true`, `[7]`, `"0x10"`,
 * `" 7"` are not ids, which `z.coerce` made 1, 7, 16 and 7). Out of range is an input error (400), the same on
 * both engines and before any query: no row can have such an id, so it is a mistake in the request.
 */
export const id = z
  .preprocess(
    (value) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value),
    // The range before `int`, whose own safe-integer bound would otherwise name 2^53 for 1e308.
    z.number().min(1).max(maxId).int(),
  )
  .describe(`a whole number from 1 to ${maxId}`);
export const isoDateTime = z.string();
export const language = z.enum(['en', 'nl']);
export const role = z.enum(roles);

/**
 * The one error body (src/core/errors.ts `ErrorBody`) with the codes an answer can carry: `key` and `params`
 * let the web app translate `message`.
 */
export const errorBodyOf = (codes: readonly [ErrorCode, ...ErrorCode[]]) =>
  z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string().describe('English; the text to show when `key` has no translation'),
      key: z.string().optional().describe('The message key, e.g. screening.screenedAfterToday'),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      field: z.string().optional().describe('The input field, a dotted path such as consent.date'),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
      index: z.number().int().optional(),
      details: z
        .array(
          z.object({
            message: z.string(),
            key: z.string().optional(),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
            field: z.string().optional(),
            line: z.number().int().optional(),
            column: z.number().int().optional(),
            index: z.number().int().optional(),
          }),
        )
        .optional()
        .describe("Every problem when the input has several (a file's rows); the error's own location is the first"),
    }),
  });

export const ok = z.object({ ok: z.literal(true) });

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const offsetPattern = /([+-])(\d{2}):?(\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Real UTC offsets run from -12:00 to +14:00; luxon alone takes +99:99 (an admission stored 100 h off). */
function offsetIsReal(text: string): boolean {
  if (text.endsWith('Z')) return true;
  const [, , hours = '', minutes = ''] = offsetPattern.exec(text) ?? [];
  return Number(minutes) < 60 && Number(hours) * 60 + Number(minutes) <= 14 * 60;
}

/**
 * An instant with its UTC offset (a local time without one is ambiguous across a DST change), from the first
 * moment of day `from` to the last of day `to`, in UTC.
 */
export function instantBetween(from: string, to: string) {
  const earliest = DateTime.fromISO(from, { zone: 'utc' }).toMillis();
  const latest = DateTime.fromISO(to, { zone: 'utc' }).plus({ days: 1 }).toMillis();
  return z
    .string()
    .refine((text) => instantPattern.test(text) && DateTime.fromISO(text, { setZone: true }).isValid, {
      ...keyed(inputMessages.instant()),
      abort: true,
    })
    .refine(offsetIsReal, { ...keyed(inputMessages.offset()), abort: true })
    .refine(
      (text) => {
        const at = DateTime.fromISO(text).toMillis();
        return at >= earliest && at < latest;
      },
      keyed(inputMessages.dateRange({ from, to })),
    )
    .meta({ format: 'date-time', description: `an ISO 8601 date-time with its UTC offset, ${from} to ${to}` });
}

/** A calendar date without a time zone, from `from` to `to` inclusive. */
export function calendarDateBetween(from: string, to: string) {
  return z
    .string()
    .refine((text) => datePattern.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid, {
      ...keyed(inputMessages.calendarDate()),
      abort: true,
    })
    .refine((text) => text >= from && text <= to, keyed(inputMessages.dateRange({ from, to })))
    .meta({ format: 'date', description: `a calendar date YYYY-MM-DD, ${from} to ${to}` });
}

/**
 * The dates of this study's clinical records (screening, ICU admission, consent, visits, events, withdrawal):
 * the study runs in this century, so a date outside it is a typing error (0001-01-01, 2206 for 2026).
 * Services add what the meaning needs on top (not after today, not before admission).
 */
export const studyPeriod = { from: '2000-01-01', to: '2100-12-31' } as const;

/** An instant of the study's clinical records (ICU admission, a visit), within `studyPeriod`. */
export const instant = instantBetween(studyPeriod.from, studyPeriod.to);

/** A date of the study's clinical records, within `studyPeriod`. */
export const calendarDate = calendarDateBetween(studyPeriod.from, studyPeriod.to);

/** A date of birth: someone up to 130 years old (the eligibility engine's limit) when the study began. */
export const birthDate = calendarDateBetween('1870-01-01', studyPeriod.to);

/** Free text a person types (a reason, a note): trimmed, not empty. */
export const text = (max = 500) => z.string().trim().min(1).max(max);

/** A partial update must change something. */
export const somethingToChange = [
  (value: object) => Object.keys(value).length > 0,
  keyed(inputMessages.nothingToChange()),
] as const;
