import { DateTime } from 'luxon';
import { z } from 'zod';
import { roles } from './permissions.ts';

/** Shared zod primitives for contracts. Request bodies are strict: an unknown field is an error. */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'user names are 3-64 characters: letters, digits, dot, dash, underscore');

export const id = z.coerce.number().int().positive();
export const isoDateTime = z.string();
export const language = z.enum(['en', 'nl']);
export const role = z.enum(roles);

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const ok = z.object({ ok: z.literal(true) });

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An instant with its UTC offset (a local time without one is ambiguous across a DST change). */
export const instant = z
  .string()
  .refine(
    (text) => instantPattern.test(text) && DateTime.fromISO(text, { setZone: true }).isValid,
    'an ISO 8601 date-time with offset, e.g. 2026-03-02T14:20:00+01:00',
  );

/** A calendar date without a time zone. */
export const calendarDate = z
  .string()
  .refine(
    (text) => datePattern.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid,
    'a calendar date YYYY-MM-DD, e.g. 2026-03-20',
  );

/** Free text a person types (a reason, a note): trimmed, not empty. */
export const text = (max = 500) => z.string().trim().min(1, 'must not be empty').max(max);
