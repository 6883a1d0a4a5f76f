import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorsOf } from '../core/endpoint.ts';
import { AppError, InputError, isAppError, type ErrorBody, type MessageParams } from '../core/errors.ts';
import { accessMessages, excerpt, inputMessages, paramLength } from '../core/messages.ts';
import { isConcurrencyFailure, isUniqueViolation } from '../db/errors.ts';

/** Told of an answer an endpoint's contract does not list (tests fail on it; production logs it). */
export type ContractBreachHandler = (breach: string) => void;

/**
 * Maps everything that can go wrong in a request onto the one error body (src/core/errors.ts `ErrorBody`),
 * once. Input errors arrive as InputError from the schema validator (src/server/validation.ts) and from the
 * services and the clinical and statistics libraries they call.
 */
export function installErrorHandler(app: FastifyInstance, onBreach: ContractBreachHandler): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request.id);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    checkDeclared(request, appError, onBreach);
    // Serialized here, not by the route's schema for that status: an undeclared code must still reach the
    // caller as what it is (and be reported as a breach), not turn into a 500 in the serializer.
    return reply.status(appError.status).serializer(JSON.stringify).send(bounded(appError.toBody()));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const appError = new AppError('not_found', accessMessages.noEndpoint({ method: request.method, path }));
    return reply.status(404).send(bounded(appError.toBody()));
  });
}

/**
 * Fastify's own refusals before any route is chosen (`frameworkErrors`): a path with a broken %-escape or a
 * parameter over the length limit. Answered with the one error body, without echoing the path (Fastify's
 * default quotes it whole).
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const appError =
    error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new InputError('path', inputMessages.badPath())
      : toAppError(error, reply.request.id);
  void reply.status(appError.status).serializer(JSON.stringify).send(bounded(appError.toBody()));
}

/** The longest message an error answer carries; keyed messages stay far below it (their parameters are short). */
const messageLength = 500;

/**
 * However an error was made (a plain-text message, a field named after an input key), its answer quotes no
 * more than an excerpt of the input: a 200,000-character value once came back whole.
 */
export function bounded(body: ErrorBody): ErrorBody {
  const { message, field, params, details, ...rest } = body.error;
  return {
    error: {
      ...rest,
      ...boundedText({ message, field, params }),
      ...(details === undefined
        ? {}
        : { details: details.slice(0, maxDetails).map((detail) => ({ ...detail, ...boundedText(detail) })) }),
    },
  };
}

/** The message, field and parameters of an error or of one of its details, each cut to an excerpt. */
function boundedText<T extends { message: string; field?: string | undefined; params?: MessageParams | undefined }>(
  part: T,
): Pick<T, 'message' | 'field' | 'params'> {
  const { message, field, params } = part;
  const shortParams =
    params === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(params).map(([name, value]) => [
            name,
            typeof value === 'string' ? excerpt(value, paramLength) : value,
          ]),
        );
  return {
    message: excerpt(message, messageLength),
    ...(field === undefined ? {} : { field: excerpt(field, paramLength) }),
    ...(shortParams === undefined ? {} : { params: shortParams }),
  };
}

/** A file with a million bad rows answers with the first thousand; the count is in the message. */
const maxDetails = 1000;

function checkDeclared(request: FastifyRequest, error: AppError, onBreach: ContractBreachHandler): void {
  const endpoint = request.routeOptions.config.endpoint;
  if (endpoint === undefined || errorsOf(endpoint).includes(error.code)) return;
  onBreach(
    `${endpoint.method} ${endpoint.path} answered ${error.code} (${error.message}), which its contract does not list`,
  );
}

export function toAppError(error: FastifyError | Error, requestId: string): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', accessMessages.tooLarge());
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', accessMessages.sendJson());
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InputError('body', inputMessages.bodyEmpty());
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InputError('body', inputMessages.bodyNotJson());
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new InputError('body', inputMessages.badRequest({ reason: error.message }));
  }
  // Lost a race for the same rows: a unique index, or on PostgreSQL a serialization failure or a deadlock.
  // Nothing was written; trying again is the answer (the safety net under the state changes' row locks).
  if (isUniqueViolation(error) || isConcurrencyFailure(error)) return new AppError('conflict', accessMessages.raced());
  if (fastifyError.statusCode === 413) return new AppError('payload_too_large', accessMessages.tooLarge());
  if (fastifyError.statusCode === 415) return new AppError('unsupported_media_type', accessMessages.sendJson());
  return new AppError('internal', accessMessages.internal({ requestId }));
}
