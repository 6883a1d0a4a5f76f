import type { z } from 'zod';
import { InputError, type Message } from './errors.ts';
import { excerpt, inputMessages } from './messages.ts';

type Issue = z.core.$ZodIssue;

export interface ParseOptions {
  /** The names the person knows the fields by (command-line flags: `input` → `--input`). */
  fieldNames?: Readonly<Record<string, string>>;
  /** The field named when the problem is the value as a whole (`body`, `stdin`). */
  whole?: string;
}

/**
 * Validates with a zod schema; the first problem becomes an InputError naming the field. The one place where
 * zod's issues turn into septype's messages: the HTTP edge, the command line and the clinical rules use it.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, options: ParseOptions = {}): z.output<S> {
  const badText = badTextError(raw, options);
  if (badText !== undefined) throw badText;
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw inputErrorOf(parsed.error, options);
}

export function inputErrorOf(error: z.ZodError, options: ParseOptions = {}): InputError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const whole = fieldOf(unknownKey === undefined ? path : [...path, unknownKey], options);
  const message = issue === undefined ? inputMessages.invalid() : messageOf(issue);
  // The English text names the field, so that it reads on its own (a notification, a terminal).
  const named = (text: string) => (issue?.code === 'unrecognized_keys' ? text : `${whole}: ${text}`);
  return new InputError(
    whole,
    typeof message === 'string' ? named(message) : { ...message, text: named(message.text) },
  );
}

/** The field a path names, as the person knows it: `memberships.0.siteId`, `--input`, or the whole input. */
function fieldOf(path: readonly PropertyKey[], options: ParseOptions): string {
  // A key may be the bad text itself: its characters are not echoed (a terminal would act on them).
  const [head, ...rest] = path.map((part) => excerpt(String(part).replace(badCharacters, '\uFFFD')));
  const known = head === undefined ? undefined : (options.fieldNames?.[head] ?? head);
  const field = excerpt([known, ...rest].filter((part) => part !== undefined).join('.'), fieldLength);
  return field === '' ? (options.whole ?? 'input') : field;
}

/** A path through a deeply nested input is shortened like any quoted input. */
const fieldLength = 120;

/**
 * Characters no text input may hold, in any field or key: the C0 controls but tab, line feed and carriage
 * return, DEL, the C1 controls, and UTF-16 surrogates that are not half of a pair. PostgreSQL refuses NUL
 * (a 500 before this check) and both engines silently turned a lone surrogate into U+FFFD; the others are
 * invisible and reach screens, CSV files and terminals.
 */
const badCharacterSource =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
    .source;
const badCharacter = new RegExp(badCharacterSource);
const badCharacters = new RegExp(badCharacterSource, 'g');

/**
 * The refusal of the first text in the input (a string value or an object key, at any depth) that holds a
 * character no input may hold; checked before the schema, so that no contract can forget it. The walk keeps
 * its own stack: a deeply nested body must not overflow the call stack.
 */
export function badTextError(raw: unknown, options: ParseOptions = {}): InputError | undefined {
  interface Step {
    value: unknown;
    key: PropertyKey | undefined;
    parent: Step | undefined;
  }
  const pathOf = (last: Step): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let step: Step | undefined = last; step?.key !== undefined; step = step.parent) path.push(step.key);
    return path.reverse();
  };
  const refusal = (found: string, step: Step) => {
    const character = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const field = fieldOf(pathOf(step), options);
    const message = inputMessages.badCharacter({ character });
    return new InputError(field, { ...message, text: `${field}: ${message.text}` });
  };
  const stack: Step[] = [{ value: raw, key: undefined, parent: undefined }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { value, key } = step;
    const foundInKey = typeof key === 'string' ? badCharacter.exec(key) : null;
    if (foundInKey !== null) return refusal(foundInKey[0], step);
    if (typeof value === 'string') {
      const found = badCharacter.exec(value);
      if (found !== null) return refusal(found[0], step);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
      // Pushed last to first, so that the first problem in reading order is the one reported.
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [name, item] = entries[i] as [PropertyKey, unknown];
        stack.push({ value: item, key: name, parent: step });
      }
    }
  }
  return undefined;
}

/** The message of the first problem, without the field: for a rule whose fields are not the form's. */
export function firstMessage(error: z.ZodError): Message | string {
  const issue = error.issues[0];
  return issue === undefined ? inputMessages.invalid() : messageOf(issue);
}

/**
 * A zod issue as one of septype's input messages; checks of our own carry their key in `params` (see `keyed`
 * in schemas.ts), others keep their English text only.
 */
function messageOf(issue: Issue): Message | string {
  switch (issue.code) {
    case 'invalid_type':
      // `reportInput` gives the offending value; a missing one is not there at all.
      if (!('input' in issue) || issue.input === undefined) return inputMessages.required();
      return issue.expected === 'int'
        ? inputMessages.notInteger()
        : inputMessages.wrongType({ expected: issue.expected });
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_value':
      return inputMessages.notOneOf({ options: issue.values.map(String).join(', ') });
    case 'invalid_format':
      return issue.format === 'email' ? inputMessages.notEmail() : custom(issue);
    case 'unrecognized_keys':
      return inputMessages.unknownField({ field: excerpt(issue.keys[0] ?? '') });
    case 'custom':
      return custom(issue);
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return custom(issue);
  }
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): Message {
  if (origin === 'string') return minimum <= 1 ? inputMessages.empty() : inputMessages.tooShort({ minimum });
  if (origin === 'array' || origin === 'set') return inputMessages.tooFew({ minimum });
  return inclusive ? inputMessages.tooSmall({ minimum }) : inputMessages.tooSmallExclusive({ minimum });
}

function tooBig(origin: string, maximum: number, inclusive: boolean): Message {
  if (origin === 'string') return inputMessages.tooLong({ maximum });
  if (origin === 'array' || origin === 'set') return inputMessages.tooMany({ maximum });
  return inclusive ? inputMessages.tooBig({ maximum }) : inputMessages.tooBigExclusive({ maximum });
}

function custom(issue: Issue): Message | string {
  const params = (issue as { params?: { key?: unknown; values?: unknown } }).params;
  if (typeof params?.key !== 'string') return issue.message;
  return { key: params.key, params: (params.values ?? {}) as Message['params'], text: issue.message };
}
