import type { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';

/** Validates command-line input with the same zod contract as the API, naming the flag in the error. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, flagOf: Record<string, string>): z.output<S> {
  return parseInput(schema, input, { fieldNames: flagOf, whole: 'arguments' });
}
