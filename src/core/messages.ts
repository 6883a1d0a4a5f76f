import { AppError, type Message, type MessageParams } from './errors.ts';

/**
 * Messages people read, as data: a set per namespace of English templates. Calling one gives a Message (key,
 * parameters, English text) for an error; the web app keeps a Dutch template for every key (typed with
 * `Translations`, so a missing one does not compile) and falls back to the English text for any other.
 */
type Template = (params: never) => string;

/** Each message of a set; `key` names it (`namespace.name`) without calling it. */
export type MessageSet<T extends Record<string, Template>> = {
  readonly [K in keyof T]: (Parameters<T[K]> extends [] ? () => Message : (params: Parameters<T[K]>[0]) => Message) & {
    readonly key: string;
  };
};

/** What the web app must give for a set: the same keys, the same parameters, a text in its language. */
export type Translations<S> = {
  readonly [K in keyof S]: S[K] extends () => Message
    ? () => string
    : S[K] extends (params: infer P) => Message
      ? (params: P) => string
      : never;
};

export function defineMessages<const T extends Record<string, Template>>(
  namespace: string,
  templates: T,
): MessageSet<T> {
  const entries = Object.entries(templates).map(([name, template]) => {
    const key = `${namespace}.${name}`;
    const message = (given: MessageParams = {}) => {
      // A parameter may quote the input (an unknown tube, a drug name): however long that was, the message
      // carries an excerpt, so no call site can echo a 200,000-character value back.
      const params = Object.fromEntries(
        Object.entries(given).map(([name, value]) => [
          name,
          typeof value === 'string' ? excerpt(value, paramLength) : value,
        ]),
      );
      return { key, params, text: (template as (p: MessageParams) => string)(params) };
    };
    return [name, Object.assign(message, { key })];
  });
  return Object.fromEntries(entries) as MessageSet<T>;
}

/** The most of an input value a message quotes where it names the value (a field name, an unknown code). */
export const excerptLength = 60;
/** The most of any string parameter a message carries (lists of allowed codes fit). */
export const paramLength = 200;

/**
 * The start of a text, for quoting input in a message: at most `max` characters, then "…" when it was
 * longer. A surrogate pair is not cut in two.
 */
export function excerpt(value: string, max = excerptLength): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return `${value.slice(0, end)}…`;
}

/** The objects an API call can name; their names are translated with the message that names them. */
export type Entity =
  | 'site'
  | 'user'
  | 'api_token'
  | 'screening'
  | 'participant'
  | 'destruction'
  | 'query'
  | 'freezer'
  | 'rack'
  | 'box'
  | 'aliquot'
  | 'shipment'
  | 'destruction_task'
  | 'lab_result'
  | 'hladr_calibration';

/** Problems with the shape of any input, from the zod schemas at the edge (src/core/zod-input.ts). */
export const inputMessages = defineMessages('input', {
  required: () => 'required',
  empty: () => 'must not be empty',
  tooShort: (p: { minimum: number }) => `at least ${p.minimum} characters`,
  tooLong: (p: { maximum: number }) => `at most ${p.maximum} characters`,
  tooSmall: (p: { minimum: number }) => `at least ${p.minimum}`,
  tooSmallExclusive: (p: { minimum: number }) => `more than ${p.minimum}`,
  tooBig: (p: { maximum: number }) => `at most ${p.maximum}`,
  tooBigExclusive: (p: { maximum: number }) => `less than ${p.maximum}`,
  tooFew: (p: { minimum: number }) => `at least ${p.minimum} needed`,
  tooMany: (p: { maximum: number }) => `at most ${p.maximum} allowed`,
  notOneOf: (p: { options: string }) => `one of ${p.options}`,
  wrongType: (p: { expected: string }) => `expected ${p.expected}`,
  notInteger: () => 'a whole number',
  notEmail: () => 'not an e-mail address',
  unknownField: (p: { field: string }) => `unknown field "${p.field}"`,
  invalid: () => 'invalid value',
  calendarDate: () => 'a calendar date YYYY-MM-DD, e.g. 2026-03-20',
  instant: () => 'an ISO 8601 date-time with offset, e.g. 2026-03-02T14:20:00+01:00',
  username: () => 'user names are 3-64 characters: letters, digits, dot, dash, underscore',
  nothingToChange: () => 'nothing to change',
  bodyEmpty: () => 'the request body is empty; send a JSON object',
  bodyNotJson: () => 'the request body is not valid JSON',
  badRequest: (p: { reason: string }) => `bad request: ${p.reason}`,
  badCharacter: (p: { character: string }) =>
    `contains ${p.character}, which is not allowed (a control character or broken Unicode)`,
  offset: () => 'the UTC offset must be between -14:00 and +14:00, e.g. +01:00 or Z',
  dateRange: (p: { from: string; to: string }) => `between ${p.from} and ${p.to}`,
  totpSecret: () => 'the secret the set-up gave: 32 to 96 characters A-Z and 2-7',
  badPath: () => 'the address is not valid: a broken %-escape, or a part longer than 100 characters',
});

/** Refusals that are about who asks, and the HTTP plumbing around every request. */
export const accessMessages = defineMessages('access', {
  notFound: (p: { entity: Entity; id: string | number }) => `${p.entity.replace('_', ' ')} ${p.id} not found`,
  noEndpoint: (p: { method: string; path: string }) => `no endpoint ${p.method} ${p.path}`,
  notAllowed: (p: { action: string }) => `your roles do not allow this (${p.action})`,
  notEverywhere: (p: { action: string }) => `this needs a role that holds at every site (${p.action})`,
  signInFirst: () => 'sign in first',
  csrf: (p: { header: string }) => `missing or wrong ${p.header} header; reload the page`,
  changePasswordFirst: () => 'change your initial password first',
  bearerFormat: () => 'the Authorization header must be "Bearer <token>"',
  tooManyAttempts: (p: { seconds: number }) => `too many attempts; wait ${p.seconds} seconds`,
  tooLarge: () => 'the request body is too large',
  sendJson: () => 'send the body as application/json',
  raced: () => 'someone else changed the same record at the same moment; reload and try again',
  internal: (p: { requestId: string }) => `an internal error occurred (request ${p.requestId}); it has been logged`,
});

/** An object that does not exist, or that the caller may not know exists (another site's). */
export const notFound = (entity: Entity, id: string | number): AppError =>
  new AppError('not_found', accessMessages.notFound({ entity, id }));
