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

export const id = z.coerce.number().int().positive();
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
    }),
  });

export const ok = z.object({ ok: z.literal(true) });

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An instant with its UTC offset (a local time without one is ambiguous across a DST change). */
export const instant = z
  .string()
  .refine(
    (text) => instantPattern.test(text) && DateTime.fromISO(text, { setZone: true }).isValid,
    keyed(inputMessages.instant()),
  );

/** A calendar date without a time zone. */
export const calendarDate = z
  .string()
  .refine(
    (text) => datePattern.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid,
    keyed(inputMessages.calendarDate()),
  );

/** Free text a person types (a reason, a note): trimmed, not empty. */
export const text = (max = 500) => z.string().trim().min(1).max(max);

/** A partial update must change something. */
export const somethingToChange = [
  (value: object) => Object.keys(value).length > 0,
  keyed(inputMessages.nothingToChange()),
] as const;
