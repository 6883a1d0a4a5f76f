import fc from 'fast-check';
import { z } from 'zod';

/**
 * Values for the contract-driven fuzzer (test/integration/fuzz.test.ts): what a route's zod contract says it
 * takes, and what an attacker or a broken client sends instead.
 */

/** A JSON Schema as `z.toJSONSchema` writes it for a request schema (the subset the generator reads). */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  /** `false` after `prefixItems`: a tuple, nothing beyond its positions. */
  items?: JsonSchema | boolean;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const huge = 'x'.repeat(100_000);
const hugeUnicode = 'é😀'.repeat(40_000);

/** Deeply nested JSON: arrays and objects, well within the body limit. */
function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = wrap(value);
  return value;
}

/** Numbers at and beyond every boundary an id or a count has (the database's 32-bit integer, 2^53, doubles). */
export const hostileNumbers = [
  0,
  -0,
  -1,
  1,
  1.5,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  4_294_967_296,
  2 ** 53,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
];

/** Texts that parse as numbers in one reader and not another. */
export const numberLikeTexts = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '0x10',
  '0b1',
  '',
  ' 1',
  '1 ',
  '+1',
  '-0',
  '00001',
  '1_000',
  '٣',
  '１',
  '2147483648',
  '99999999999999999999',
  '1.0',
];

/** Date-times and dates that are wrong, out of range, or right only in some reader's eyes. */
export const hostileDates = [
  '2026-12-05T10:00:00+99:99',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-03-02T24:00:00Z',
  '2026-03-02T10:00:00',
  '2026-03-02T10:00:00+14:01',
  '2026-03-02T10:00:00-00:60',
  '2026-03-02T10:00:00.1234567891Z',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '0001-01-01',
  '1999-12-31',
  '2101-01-01',
  '2026-03-02',
  '2026-03-02T09:00:00+01:00',
];

/** Texts with the characters that broke storage (NUL, lone surrogates) or screens, and sizes nobody types. */
export const hostileTexts = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\u0007\u001b[2J',
  '\u0085',
  '\u007f',
  'tab\there',
  'line\nbreak',
  '\u202eevil',
  '\ufeff',
  '\uffff',
  '😀',
  ' ',
  huge,
  hugeUnicode,
  "'; drop table sites; --",
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=1+1',
  '__proto__',
  'constructor',
  'toString',
];

/** Values of the wrong type or shape for whatever field they land in. */
export const wrongTypes: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  { a: 1 },
  [1, 2, 3],
  new Array(5000).fill(0),
  nested(2000, (inner) => [inner]),
  nested(500, (inner) => ({ a: inner })),
];

/** Any hostile value: a number, a number-like text, a date, a text, or a wrong type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...numberLikeTexts),
  fc.constantFrom(...hostileDates),
  fc.constantFrom(...hostileTexts),
  fc.constantFrom(...wrongTypes),
);

/**
 * Path segments as they appear in a URL (already escaped): ids at the boundaries, escapes of NUL, of a lone
 * surrogate (its UTF-8-like bytes) and of bytes that are no UTF-8 at all, other spellings of numbers.
 */
export const hostileSegments = [
  '0',
  '-1',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '99999999999999999999',
  '1e3',
  '0x1f',
  '1.5',
  '-0',
  '%00',
  '1%00',
  '%ED%A0%80',
  '%FF',
  '%C0%AF',
  'abc',
  '%201',
  '%EF%BC%91',
  'NaN',
  'Infinity',
  'null',
  'x'.repeat(150),
];

/**
 * Percent-encodes text for a URL as a careless client would: a lone surrogate (which `encodeURIComponent`
 * refuses) as the three bytes UTF-8 would give it, so the server sees it.
 */
export function looseEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** A query string from generated values: arrays repeat the key, objects are sent as JSON text. */
export function queryString(query: Record<string, unknown>): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map(
      (item) =>
        `${looseEncode(key)}=${looseEncode(typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))}`,
    ),
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/**
 * Values that a schema takes, generated from its JSON Schema (`z.toJSONSchema`, input side). Checks written as
 * `refine` (dates, user names, site codes) are not in it: `dictionary` (texts the sample requests use) gives
 * strings a fair chance of passing them, so that generated requests reach the services too.
 */
export function valuesOf(schema: z.ZodType, dictionary: readonly string[]): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return arbitraryOf(json, dictionary, 0);
}

function arbitraryOf(schema: JsonSchema, dictionary: readonly string[], depth: number): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants !== undefined) return fc.oneof(...variants.map((s) => arbitraryOf(s, dictionary, depth + 1)));
  if (schema.allOf !== undefined && schema.allOf[0] !== undefined)
    return arbitraryOf(schema.allOf[0], dictionary, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type }, dictionary, depth)));
  }
  switch (schema.type ?? 'any') {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, -(2 ** 31));
      return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? min + 2000, 2 ** 31 - 1)) });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1000;
      const max = Math.max(min, schema.maximum ?? schema.exclusiveMaximum ?? min + 2000);
      const minExcluded = schema.minimum === undefined && schema.exclusiveMinimum !== undefined;
      const maxExcluded = schema.maximum === undefined && schema.exclusiveMaximum !== undefined;
      return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringOf(schema, dictionary);
    case 'array': {
      if (schema.prefixItems !== undefined) {
        return fc.tuple(...schema.prefixItems.map((s) => arbitraryOf(s, dictionary, depth + 1)));
      }
      const item = typeof schema.items === 'object' ? schema.items : {};
      return fc.array(arbitraryOf(item, dictionary, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    }
    case 'object':
      return objectOf(schema, dictionary, depth);
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** Days around the tests' fake clock (2026-03-02), where the services' own date rules have work to do. */
const recentDay = fc.integer({ min: Date.UTC(2025, 11, 1) / 864e5, max: Date.UTC(2026, 2, 10) / 864e5 });
const recentDate = recentDay.map((day) => new Date(day * 864e5).toISOString().slice(0, 10));
const recentInstant = fc
  .tuple(recentDay, fc.integer({ min: 0, max: 1439 }), fc.constantFrom('Z', '+01:00', '+02:00', '-05:00', '+14:00'))
  .map(([day, minute, offset]) => {
    const at = new Date(day * 864e5 + minute * 6e4).toISOString().slice(0, 16);
    return `${at}:00${offset}`;
  });

function stringOf(schema: JsonSchema, dictionary: readonly string[]): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const free =
    schema.pattern !== undefined
      ? fc.stringMatching(new RegExp(schema.pattern))
      : schema.format === 'email'
        ? fc.emailAddress()
        : schema.format === 'date'
          ? recentDate
          : schema.format === 'date-time'
            ? recentInstant
            : fc.oneof(
                fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }),
                fc.string({ minLength, maxLength: Math.max(minLength, maxLength), unit: 'grapheme' }),
              );
  return dictionary.length === 0 ? free : fc.oneof(free, fc.constantFrom(...dictionary));
}

function objectOf(schema: JsonSchema, dictionary: readonly string[], depth: number): fc.Arbitrary<unknown> {
  if (schema.properties === undefined) {
    const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
    return fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom(...dictionary, 'x')),
      arbitraryOf(values, dictionary, depth + 1),
      {
        maxKeys: 3,
      },
    );
  }
  const fields = Object.fromEntries(
    Object.entries(schema.properties).map(([name, field]) => [name, arbitraryOf(field, dictionary, depth + 1)]),
  );
  return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((name) => name in fields) });
}

/** Every leaf text and number of a value: the fuzzer's dictionary. */
export function leavesOf(value: unknown): { texts: string[]; numbers: number[] } {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const visit = (item: unknown) => {
    if (typeof item === 'string') texts.add(item);
    else if (typeof item === 'number') numbers.add(item);
    else if (Array.isArray(item)) item.forEach(visit);
    else if (typeof item === 'object' && item !== null) Object.values(item).forEach(visit);
  };
  visit(value);
  return { texts: [...texts], numbers: [...numbers] };
}

/**
 * The paths to the places in a JSON value (objects' fields and arrays' items), the root first; not below
 * `maxDepth`, so that a deeply nested hostile value already put in is not walked again.
 */
export function pathsOf(value: unknown, maxDepth = 8): (string | number)[][] {
  const paths: (string | number)[][] = [[]];
  const visit = (item: unknown, path: (string | number)[]) => {
    if (path.length >= maxDepth || typeof item !== 'object' || item === null) return;
    const entries: [string | number, unknown][] = Array.isArray(item) ? [...item.entries()] : Object.entries(item);
    for (const [key, inner] of entries.slice(0, 50)) {
      paths.push([...path, key]);
      visit(inner, [...path, key]);
    }
  };
  visit(value, []);
  return paths;
}

/** How a valid request is spoilt at one place. */
export type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'add'; at: number; name: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      name: fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'siteId', 'a\u0000b', huge.slice(0, 300)),
      value: hostileValue,
    }),
  },
);

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' && value !== null;

/** A field set as JSON.parse sets it: `__proto__` becomes a field, not the prototype. */
function setField(container: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The value with the mutation applied at one of its places (chosen by `at`). Only the containers on the way
 * there are copied: the sample and earlier values stay as they were.
 */
export function mutate(value: unknown, change: Mutation): unknown {
  const paths = pathsOf(value);
  const candidates = change.kind === 'add' ? paths.filter((path) => isContainer(valueAt(value, path))) : paths;
  const path = candidates[change.at % Math.max(candidates.length, 1)];
  if (path === undefined) return value;
  if (path.length === 0 && change.kind !== 'add') return change.kind === 'replace' ? change.value : undefined;
  return copyAlong(value, change.kind === 'add' ? path : path.slice(0, -1), (container) => {
    const last = path[path.length - 1]!;
    if (change.kind === 'add') {
      if (Array.isArray(container)) container.push(change.value);
      else setField(container, change.name, change.value);
    } else if (change.kind === 'replace') setField(container as Record<string | number, unknown>, last, change.value);
    else if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  });
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((inner, step) => (inner as Record<string | number, unknown>)[step], value);
}

function copyAlong(
  value: unknown,
  path: (string | number)[],
  change: (container: Record<string | number, unknown> | unknown[]) => void,
): unknown {
  if (!isContainer(value)) return value;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  // Spreading defines fields (as JSON.parse does): a `__proto__` field stays a field.
  if (path.length === 0) change(copy);
  else {
    const [head, ...rest] = path as [string | number, ...(string | number)[]];
    setField(
      copy as Record<string | number, unknown>,
      head,
      copyAlong((value as Record<string | number, unknown>)[head], rest, change),
    );
  }
  return copy;
}
