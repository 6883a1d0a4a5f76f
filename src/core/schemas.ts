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
