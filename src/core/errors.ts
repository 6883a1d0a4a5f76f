/**
 * The one error model of septype. Every failure that a person or a client can act on is an AppError
 * with a code from this closed set; the HTTP layer maps the code to a status once, the CLI maps it to
 * an exit code once. Bad input is an InputError (an AppError that names the field), which the pure
 * libraries (clinical rules, statistics, file readers) throw as well.
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

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * What a person reads: a stable key the web app translates (src/core/messages.ts), its parameters, and
 * the English text, which is the message wherever no translation exists (the command line, scripts).
 */
export interface Message {
  readonly key: string;
  readonly params: MessageParams;
  readonly text: string;
}

/** Where in the input the problem is. */
export interface ErrorLocation {
  /** The input field as a dotted path (`memberships.0.role`), a column, or a command-line flag. */
  field?: string;
  /** In a file: 1-based line and column. */
  line?: number;
  column?: number;
  /** In an array given as input (several windows to score at once): the element's 0-based index. */
  index?: number;
}

/**
 * One of several problems of one input (a file's rows), where the answer names them all: the same location as
 * an error, and its message.
 */
export interface ErrorDetail extends ErrorLocation {
  message: string;
  /** The message key and parameters, for the web app to translate `message`. */
  key?: string;
  params?: MessageParams;
}

/** The error body of every API answer that is not a success (also on stderr of the JSON commands). */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    key?: string;
    params?: MessageParams;
    /** Every problem, when the input has several (a file's rows); the error's own location is the first. */
    details?: ErrorDetail[];
  } & ErrorLocation;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: string | undefined;
  readonly params: MessageParams | undefined;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly index: number | undefined;
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(
    code: ErrorCode,
    message: string | Message,
    options: ErrorLocation & { details?: readonly ErrorDetail[] } = {},
  ) {
    super(typeof message === 'string' ? message : message.text);
    this.name = 'AppError';
    this.code = code;
    this.key = typeof message === 'string' ? undefined : message.key;
    this.params = typeof message === 'string' ? undefined : message.params;
    this.field = options.field;
    this.line = options.line;
    this.column = options.column;
    this.index = options.index;
    this.details = options.details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  /** The message as a Message again, to rethrow it with another location. */
  get asMessage(): string | Message {
    return this.key === undefined ? this.message : { key: this.key, params: this.params ?? {}, text: this.message };
  }

  toBody(): ErrorBody {
    const optional = {
      key: this.key,
      params: this.key === undefined ? undefined : this.params,
      field: this.field,
      line: this.line,
      column: this.column,
      index: this.index,
      details: this.details?.map((detail) => ({ ...detail })),
    };
    const present = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
    return { error: { code: this.code, message: this.message, ...present } };
  }
}

/**
 * Input a person or a program can correct: names the field (and, in a file, the line and column). The
 * clinical rules, the statistics and every service throw it; the HTTP error handler and the CLI map it once
 * (400, exit code 2).
 */
export class InputError extends AppError {
  constructor(
    field: string,
    message: string | Message,
    location: Omit<ErrorLocation, 'field'> & { details?: readonly ErrorDetail[] } = {},
  ) {
    super('invalid_input', message, { ...location, field });
    this.name = 'InputError';
  }

  /** The same problem inside a larger input: field `pao2` of the `sofa2` part becomes `sofa2.pao2`. */
  within(prefix: string): InputError {
    const field = this.field === undefined ? prefix : `${prefix}.${this.field}`;
    return new InputError(field, this.asMessage, { line: this.line, column: this.column, index: this.index });
  }

  /** The same problem in element `index` of an array input. */
  at(index: number): InputError {
    return new InputError(this.field ?? 'input', this.asMessage, { line: this.line, column: this.column, index });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Applies a rule to one part of a larger input: its input errors name the field within that part. */
export function withinPart<T>(part: string, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    throw error instanceof InputError ? error.within(part) : error;
  }
}
