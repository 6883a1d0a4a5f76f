import type { ErrorCode } from '../../../src/core/errors.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly field: string | undefined;

  constructor(status: number, code: ErrorCode | 'network', message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
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

async function request<T>(method: Method, url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'network', 'the server cannot be reached; check the connection and try again');
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return payload as T;

  const error = toApiError(response.status, payload);
  const authLost = (['session_expired', 'unauthenticated', 'password_change_required', 'csrf_failed'] as const).some(
    (code) => code === error.code,
  );
  if (authLost && options.handlesAuthErrors !== true) onAuthLost(error);
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  if (body !== undefined && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(
      status,
      body.code as ErrorCode,
      body.message,
      typeof body.field === 'string' ? body.field : undefined,
    );
  }
  return new ApiError(status, 'internal', `the server answered ${status} without an explanation`);
}

export const api = {
  get: <T>(url: string, options?: RequestOptions) => request<T>('GET', url, options),
  post: <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('POST', url, { ...options, body }),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, { body }),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, { body }),
  delete: <T>(url: string) => request<T>('DELETE', url),
};
