import type { z } from 'zod';
import { InputError, type Message } from './errors.ts';
import { inputMessages } from './messages.ts';

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
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw inputErrorOf(parsed.error, options);
}

export function inputErrorOf(error: z.ZodError, options: ParseOptions = {}): InputError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String);
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const [head, ...rest] = path;
  const known = head === undefined ? undefined : (options.fieldNames?.[head] ?? head);
  const field = [known, ...rest].filter((part) => part !== undefined).join('.');
  const whole = field === '' ? (options.whole ?? 'input') : field;
  const message = issue === undefined ? inputMessages.invalid() : messageOf(issue);
  // The English text names the field, so that it reads on its own (a notification, a terminal).
  const named = (text: string) => (issue?.code === 'unrecognized_keys' ? text : `${whole}: ${text}`);
  return new InputError(
    whole,
    typeof message === 'string' ? named(message) : { ...message, text: named(message.text) },
  );
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
      return inputMessages.unknownField({ field: issue.keys[0] ?? '' });
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
