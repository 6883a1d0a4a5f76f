import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { badTextError, inputErrorOf } from '../core/zod-input.ts';

/**
 * Request validation with the endpoint's zod schemas. A problem becomes the one InputError (field path,
 * translatable message) right here, so the error handler has nothing zod-specific to undo. Every text of the
 * path, the query and the body is checked for characters no input may hold first, whatever its schema says.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const badText = badTextError(data, { whole: httpPart ?? 'body' });
    if (badText !== undefined) return { error: badText };
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: inputErrorOf(result.error, { whole: httpPart ?? 'body' }) };
  };
