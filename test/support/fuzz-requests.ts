import fc from 'fast-check';
import type { z } from 'zod';
import { roleAllows, type Role } from '../../src/core/permissions.ts';
import type { ApiRoute } from '../../src/server/app.ts';
import {
  hostileSegments,
  hostileValue,
  leavesOf,
  mutate,
  mutation,
  queryString,
  valuesOf,
  wrongTypes,
} from './fuzz-values.ts';

/**
 * Requests for one route, generated from its contract: path parameters, query and body as the zod schemas
 * describe them (and the route's valid sample body), spoilt with hostile values, extra fields and wrong
 * shapes. Who sends them is part of the request.
 */

export type Actor = 'admin' | 'site';

export interface FuzzRequest {
  /** The route, `METHOD /path/:param`. */
  route: string;
  actor: Actor;
  method: string;
  url: string;
  /** The raw body text (JSON mostly, not always); undefined for none. */
  body: string | undefined;
  /** Content-Type without a body: an empty JSON body. */
  emptyJson: boolean;
}

export interface FuzzTargets {
  /**
   * Ids that exist, per actor and path parameter name, so that requests reach the services: the site user's
   * own site's mostly, the other site's now and then.
   */
  known: Record<Actor, Record<string, (number | string)[]>>;
  /** The role of each actor: an actor whose role allows the route's action sends most of its requests. */
  roles: Record<Actor, Role>;
  /**
   * Ids the fuzzer must not aim at (its own actors' accounts and tokens: disabling them, taking their roles
   * or resetting their passwords would end the run), each with the id aimed at instead.
   */
  spared: Record<string, Map<number, number>>;
  /** A valid body per actor for the route, if it takes one (test/support/route-samples.ts). */
  sample: (actor: Actor) => unknown;
  /** Texts the sample requests use: dates, codes, names that pass checks a JSON Schema does not describe. */
  dictionary: string[];
}

const rawBodies = [
  '{"code": "NIJ", ',
  '',
  'null',
  '"text"',
  '42',
  '[]',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '{"a": 1, "a": 2}',
  '{"x": "\\ud800"}',
  '{"x": "\\u0000"}',
  '\u0000',
  '\ufeff{}',
  `"${'y'.repeat(120_000)}"`,
];

export function requestsFor(route: ApiRoute, targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const { endpoint } = route;
  const names = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
  const shape = (endpoint.params as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
  const segments = (actor: Actor) =>
    fc.record(
      Object.fromEntries(names.map((name) => [name, segmentOf(name, shape[name], actor, targets)])),
    ) as fc.Arbitrary<Record<string, string>>;
  const query = endpoint.query === undefined ? strayQuery : queryOf(endpoint.query, targets.dictionary);
  const { access } = endpoint;
  const weight = (actor: Actor) =>
    typeof access !== 'object' || roleAllows(targets.roles[actor], access.action) ? 3 : 1;
  const actors = (['admin', 'site'] as const).flatMap((actor) => Array<Actor>(weight(actor)).fill(actor));
  return fc.constantFrom(...actors).chain((actor) =>
    fc
      .record({
        segments: segments(actor),
        query,
        body:
          endpoint.body === undefined ? strayBody : bodyOf(endpoint.body, targets.sample(actor), targets.dictionary),
      })
      .map(({ segments: values, query: search, body }) => ({
        route: `${route.method} ${route.url}`,
        actor,
        method: route.method,
        url: route.url.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? '') + search,
        body: body === emptyJson ? undefined : body,
        emptyJson: body === emptyJson,
      })),
  );
}

/** A path parameter: an id that exists, a valid id that does not, or a hostile segment. */
function segmentOf(
  name: string,
  schema: z.ZodType | undefined,
  actor: Actor,
  targets: FuzzTargets,
): fc.Arbitrary<string> {
  const known = targets.known[actor][name] ?? [];
  const spared = targets.spared[name] ?? new Map<number, number>();
  const valid = schema === undefined ? fc.nat() : valuesOf(schema, []);
  return fc
    .oneof(
      {
        weight: known.length > 0 ? 6 : 0,
        arbitrary: fc.constantFrom<number | string>(...(known.length > 0 ? known : [1])),
      },
      { weight: 2, arbitrary: valid },
      { weight: 3, arbitrary: fc.constantFrom(...hostileSegments) },
    )
    .map((value) => {
      const text = String(value);
      return String(spared.get(Number(text)) ?? text);
    });
}

/** A query: what the contract takes, or that spoilt. */
function queryOf(schema: z.ZodType, dictionary: string[]): fc.Arbitrary<string> {
  const valid = valuesOf(schema, dictionary);
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 3, arbitrary: valid },
      {
        weight: 3,
        arbitrary: fc
          .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 2 }))
          .map(([query, changes]) => changes.reduce<unknown>(mutate, query)),
      },
    )
    .map((query) =>
      queryString(
        typeof query === 'object' && query !== null && !Array.isArray(query)
          ? (query as Record<string, unknown>)
          : { value: query },
      ),
    );
}

/** A route without a query is sent one now and then: it must be ignored or refused, never fail. */
const strayQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: hostileValue.map((value) => queryString({ x: value })) },
);

const emptyJson = Symbol('empty JSON body');

/** A body: the valid sample spoilt in one to three places (or not), one made from the contract, or junk. */
function bodyOf(schema: z.ZodType, sample: unknown, dictionary: string[]): fc.Arbitrary<string | typeof emptyJson> {
  const words = [...new Set([...dictionary, ...leavesOf(sample).texts])];
  const generated = valuesOf(schema, words);
  const spoilt = (base: fc.Arbitrary<unknown>, min: number) =>
    fc
      .tuple(base, fc.array(mutation, { minLength: min, maxLength: 3 }))
      .map(([value, changes]) => changes.reduce<unknown>(mutate, value));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(json(sample)) },
    { weight: 5, arbitrary: spoilt(fc.constant(sample), 1).map(json) },
    { weight: 3, arbitrary: generated.map(json) },
    { weight: 2, arbitrary: spoilt(generated, 1).map(json) },
    { weight: 1, arbitrary: hostileValue.map(json) },
    { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
    { weight: 1, arbitrary: fc.constant(emptyJson) },
  );
}

/** A route without a body is sent one now and then too. */
const strayBody: fc.Arbitrary<string | undefined | typeof emptyJson> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(...wrongTypes).map(json) },
  { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
  { weight: 1, arbitrary: fc.constant(emptyJson) },
);

/** A value as a request body; a mutation that removed the whole body leaves the JSON text of nothing. */
function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}
