import type { z } from 'zod';
import { AppError } from '../core/errors.ts';

/** Validates CLI input with the same zod contract as the API, naming the flag in the error. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, flagOf: Record<string, string>): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const flag = flagOf[key] ?? key;
  throw new AppError('invalid_input', `${flag}: ${issue?.message ?? 'invalid value'}`, { field: flag });
}
