/**
 * The one error model of septype. Every failure that a person or a client can act on is an AppError
 * with a code from this closed set; the HTTP layer maps the code to a status once, the CLI maps it to
 * an exit code once.
 */
export const errorStatus = {
  invalid_input: 400,
  unauthenticated: 401,
  totp_required: 401,
  session_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorOptions {
  /** The input field the error is about, as a dotted path (`memberships.0.role`). */
  field?: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): { error: { code: ErrorCode; message: string; field?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export const invalidInput = (field: string, message: string): AppError =>
  new AppError('invalid_input', message, { field });

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
