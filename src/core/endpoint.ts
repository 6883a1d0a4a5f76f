import type { z } from 'zod';
import type { ErrorCode } from './errors.ts';
import { allows, sitesAllowing, type Action, type Membership } from './permissions.ts';

/**
 * An API endpoint, written once in its slice's contract.ts: the server registers it (validation, access,
 * OpenAPI), the web app calls it (`api.call(endpoint, input)`) with types inferred from the same object.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an endpoint. The server checks it before the handler runs; the service then checks the
 * caller's sites again for the object it touches (the command line calls services without an endpoint).
 * - `public`: anyone (health, sign-in);
 * - `pending`: any signed-in user, even one who must still change the initial password;
 * - `self`: a signed-in user, about their own account;
 * - `{action, at: 'site'}`: the roles allow the action at the site in the path (`:siteId`); another
 *   site is "not found", so that its existence does not leak;
 * - `{action, at: 'everywhere'}`: a role that allows it at every site (sites, accounts, the security log);
 * - `{action, at: 'object'}`: the roles allow it at some site; the service finds the object's site and
 *   answers "not found" outside the caller's sites;
 * - `{action, at: 'any'}`: the roles allow it at some site; the answer covers the caller's sites only.
 */
export type Access =
  'public' | 'pending' | 'self' | { readonly action: Action; readonly at: 'site' | 'object' | 'any' | 'everywhere' };

export interface Endpoint {
  readonly method: HttpMethod;
  readonly path: `/api/${string}`;
  readonly summary: string;
  /** The OpenAPI group: the slice. */
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The success status: 200 unless given (201 for a creation). */
  readonly status?: 200 | 201;
  readonly response: z.ZodType;
  /** The refusals of this endpoint beyond those its access and input imply (`errorsOf` adds those). */
  readonly errors: readonly ErrorCode[];
}

/** Checks the shape and keeps the literal types (path, method, schemas) that callers infer from. */
export function endpoint<const E extends Endpoint>(spec: E): E {
  const named = [...spec.path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
  const shape = (spec.params as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  const declared = Object.keys(shape);
  if ([...named].sort().join() !== [...declared].sort().join()) {
    throw new Error(
      `${spec.method} ${spec.path}: the path parameters and the params schema (${declared.join()}) differ`,
    );
  }
  if (typeof spec.access === 'object' && spec.access.at === 'site' && !named.includes('siteId')) {
    throw new Error(`${spec.method} ${spec.path}: access at a site needs :siteId in the path`);
  }
  return spec;
}

type Part<E, K extends 'params' | 'query' | 'body', Side extends 'in' | 'out'> = E extends {
  readonly [P in K]: infer S extends z.ZodType;
}
  ? { [P in K]: Side extends 'in' ? z.input<S> : z.output<S> }
  : object;

/** What a client sends: the path parameters, the query and the body the endpoint takes. */
export type EndpointInput<E extends Endpoint> = Part<E, 'params', 'in'> &
  Part<E, 'query', 'in'> &
  Part<E, 'body', 'in'>;
/** What a handler receives, validated. */
export type EndpointArgs<E extends Endpoint> = Part<E, 'params', 'out'> &
  Part<E, 'query', 'out'> &
  Part<E, 'body', 'out'>;
/** What a client receives. */
export type EndpointOutput<E extends Endpoint> = z.output<E['response']>;
/** What a handler returns (the serializer checks it against the response schema). */
export type EndpointResult<E extends Endpoint> = z.input<E['response']>;

/** The URL of a call: path parameters filled in, the query's given values appended. */
export type UrlValue = string | number | boolean | null | undefined;

export function urlOf(
  spec: Pick<Endpoint, 'path'>,
  input: { params?: Record<string, UrlValue>; query?: Record<string, UrlValue> } = {},
): string {
  const path = spec.path.replace(/:(\w+)/g, (_match, name: string) =>
    encodeURIComponent(String(input.params?.[name] ?? '')),
  );
  const query = Object.entries(input.query ?? {}).flatMap(([name, value]): [string, string][] =>
    value === undefined || value === null || value === '' ? [] : [[name, String(value)]],
  );
  return query.length === 0 ? path : `${path}?${new URLSearchParams(query).toString()}`;
}

/**
 * Every refusal an endpoint can give: the declared ones, and those its input and access imply. OpenAPI
 * lists them; the server reports an answer outside them as a breach of the contract (tests fail on it).
 */
export function errorsOf(spec: Endpoint): ErrorCode[] {
  const codes = new Set<ErrorCode>([...spec.errors, 'internal']);
  // Fastify reads the body of every request but a GET, whether the endpoint takes one or not: a body that is
  // too large, not JSON or empty JSON is refused before any schema.
  const readsBody = spec.method !== 'GET';
  if (spec.params !== undefined || spec.query !== undefined || readsBody) codes.add('invalid_input');
  // The router answers "not found" for a site in the path that does not exist (src/kernel/router.ts).
  if (/:siteId\b/.test(spec.path)) codes.add('not_found');
  // A change can lose a race on PostgreSQL (serialization failure, deadlock, a unique index): 409, try again.
  if (spec.method !== 'GET') codes.add('conflict');
  if (readsBody) ['payload_too_large', 'unsupported_media_type'].forEach((c) => codes.add(c as ErrorCode));
  if (spec.access !== 'public') {
    codes.add('unauthenticated').add('session_expired');
    if (spec.method !== 'GET') codes.add('csrf_failed');
    if (spec.access !== 'pending') codes.add('password_change_required');
  }
  if (typeof spec.access === 'object') {
    codes.add('forbidden');
    if (spec.access.at === 'site' || spec.access.at === 'object') codes.add('not_found');
  }
  return [...codes];
}

/**
 * Whether memberships pass an endpoint's access rule at a site (the web app hides what would be refused).
 * The server decides; this only spares people buttons that cannot work.
 */
export function mayCall(
  spec: Pick<Endpoint, 'access'>,
  memberships: readonly Membership[],
  siteId: number | null,
): boolean {
  const { access } = spec;
  if (typeof access !== 'object') return true;
  if (access.at === 'everywhere') return sitesAllowing(memberships, access.action) === 'all';
  return siteId !== null && allows(memberships, access.action, siteId);
}
