import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../core/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';

/** Maps everything that can go wrong in a request onto the one error body `{error:{code,message,field}}`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request.id);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return reply.status(appError.status).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const appError = new AppError('not_found', `no endpoint ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send(appError.toBody());
  });
}

export function toAppError(error: FastifyError | Error, requestId: string): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const params = (issue?.params ?? {}) as { keys?: string[] };
    const path = (issue?.instancePath ?? '').split('/').filter(Boolean);
    if (params.keys?.[0] !== undefined) path.push(params.keys[0]);
    const field = path.join('.') || (error as { validationContext?: string }).validationContext || 'body';
    const message =
      issue?.keyword === 'unrecognized_keys'
        ? `unknown field "${field}"`
        : `${field}: ${issue?.message ?? 'invalid value'}`;
    return new AppError('invalid_input', message, { field });
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_input', 'the request body is empty; send a JSON object', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_input', 'the request body is not valid JSON', { field: 'body' });
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError('invalid_input', `bad request: ${error.message}`, { field: 'body' });
  }
  if (isUniqueViolation(error)) {
    return new AppError('conflict', 'someone else changed the same record at the same moment; reload and try again');
  }
  if (fastifyError.statusCode === 413) return new AppError('payload_too_large', 'the request body is too large');
  if (fastifyError.statusCode === 415)
    return new AppError('unsupported_media_type', 'send the body as application/json');
  return new AppError('internal', `an internal error occurred (request ${requestId}); it has been logged`);
}
