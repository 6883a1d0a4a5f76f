import {
  urlOf,
  type Endpoint,
  type EndpointInput,
  type EndpointOutput,
  type UrlValue,
} from '../../../src/core/endpoint.ts';
import type { ErrorBody, ErrorCode, ErrorDetail, MessageParams } from '../../../src/core/errors.ts';

/** A refused or failed call: the API's one error body (src/core/errors.ts), or `network` when none came. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly field: string | undefined;
  /** The message key the web app translates (src/core/messages.ts); the English `message` is the fallback. */
  readonly key: string | undefined;
  readonly params: MessageParams;
  /** Every problem, when the input had several (a results file's rows, each with its line and column). */
  readonly details: readonly ErrorDetail[];

  constructor(status: number, body: ErrorBody['error'] | { code: 'network'; message: string }) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = 'field' in body ? body.field : undefined;
    this.key = 'key' in body ? body.key : undefined;
    this.params = ('params' in body ? body.params : undefined) ?? {};
    this.details = ('details' in body ? body.details : undefined) ?? [];
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export interface CallOptions {
  /** Sign-in and the session probe handle 401 themselves instead of signing the app out. */
  handlesAuthErrors?: boolean;
}

let csrfToken: string | null = null;
let onAuthLost: (error: ApiError) => void = () => undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request finds the session gone, the password change pending, or the CSRF token stale. */
export function setAuthLostHandler(handler: (error: ApiError) => void): void {
  onAuthLost = handler;
}

/** The arguments of a call: the input when the endpoint takes any (path parameters, query, body). */
type CallArgs<E extends Endpoint> = keyof EndpointInput<E> extends never
  ? [input?: Record<string, never>, options?: CallOptions]
  : [input: EndpointInput<E>, options?: CallOptions];

/**
 * Calls an endpoint of a slice's contract: the URL, method and body come from the endpoint object, and the
 * input and answer types are inferred from its schemas (nothing about a route is written twice).
 */
async function call<E extends Endpoint>(endpoint: E, ...[input, options]: CallArgs<E>): Promise<EndpointOutput<E>> {
  const parts = (input ?? {}) as {
    params?: Record<string, UrlValue>;
    query?: Record<string, UrlValue>;
    body?: unknown;
  };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const init: RequestInit = { method: endpoint.method, headers, credentials: 'same-origin' };
  if (parts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(parts.body);
  }

  let response: Response;
  try {
    response = await fetch(urlOf(endpoint, parts), init);
  } catch {
    throw new ApiError(0, {
      code: 'network',
      message: 'the server cannot be reached; check the connection and try again',
    });
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return payload as EndpointOutput<E>;

  const error = toApiError(response.status, payload);
  const authLost = (['session_expired', 'unauthenticated', 'password_change_required', 'csrf_failed'] as const).some(
    (code) => code === error.code,
  );
  if (authLost && options?.handlesAuthErrors !== true) onAuthLost(error);
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as Partial<ErrorBody> | null)?.error;
  if (body !== undefined && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(status, body);
  }
  return new ApiError(status, { code: 'internal', message: `the server answered ${status} without an explanation` });
}

/** A link to a download (the screening log as CSV): the browser fetches it with the session cookie. */
function hrefOf<E extends Endpoint>(endpoint: E, input: EndpointInput<E>): string {
  return urlOf(endpoint, input);
}

export const api = { call, hrefOf };

/** The request body an endpoint takes, for forms that build one. */
export type BodyOf<E extends Endpoint> = EndpointInput<E> extends { body: infer B } ? B : never;
/** The answer of an endpoint. */
export type { EndpointOutput as OutputOf } from '../../../src/core/endpoint.ts';
