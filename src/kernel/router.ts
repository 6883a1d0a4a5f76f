import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { errorsOf, type Endpoint, type EndpointArgs, type EndpointResult } from '../core/endpoint.ts';
import { errorStatus, type ErrorCode } from '../core/errors.ts';
import { notFound } from '../core/messages.ts';
import { errorBodyOf } from '../core/schemas.ts';
import type { AppContext, CallContext } from './context.ts';
import { callContext, type ZodApp } from './http.ts';
import { requireAtSite, requireEverywhere, scopeFor } from './scope.ts';

/** One call of an endpoint, as its handler sees it: validated input, the caller, and the raw HTTP exchange. */
export type Call<E extends Endpoint> = EndpointArgs<E> & {
  readonly app: AppContext;
  /** The signed-in caller's context (not on public endpoints). */
  readonly ctx: CallContext;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
};

export type Handler<E extends Endpoint> = (call: Call<E>) => Promise<EndpointResult<E>> | EndpointResult<E>;

/** Route settings beyond the contract (a tighter rate limit for sign-in). */
export interface RouteOptions {
  rateLimit?: { max: number; timeWindow: string };
  /** A larger body than the server's limit (a laboratory's results file), in bytes. */
  bodyLimit?: number;
}

/** How slices register the handlers of their endpoints (their `routes.ts`). */
export interface Router {
  readonly app: AppContext;
  on<E extends Endpoint>(endpoint: E, handler: Handler<E>, options?: RouteOptions): void;
}

export function routerFor(fastify: ZodApp, app: AppContext): Router {
  return {
    app,
    on(endpoint, handler, options = {}) {
      // A limit answers 429, which the contract must say (OpenAPI, the web app, the contract-breach check).
      if (options.rateLimit !== undefined && !errorsOf(endpoint).includes('rate_limited')) {
        throw new Error(
          `${endpoint.method} ${endpoint.path}: a rate-limited route must list rate_limited in its errors`,
        );
      }
      fastify.route({
        method: endpoint.method,
        url: endpoint.path,
        config: { endpoint, ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }) },
        ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
        schema: {
          tags: [endpoint.tag],
          summary: endpoint.summary,
          ...(endpoint.params === undefined ? {} : { params: endpoint.params }),
          ...(endpoint.query === undefined ? {} : { querystring: endpoint.query }),
          ...(endpoint.body === undefined ? {} : { body: endpoint.body }),
          response: { [endpoint.status ?? 200]: endpoint.response, ...errorResponses(endpoint) },
        },
        handler: async (request, reply) => {
          const call = callOf(app, endpoint, request, reply);
          checkAccess(endpoint, call);
          await checkSiteExists(app, endpoint, call);
          const result = await handler(call as Call<typeof endpoint>);
          // A handler may answer with another status on purpose (health: 503 with the same body).
          if (reply.statusCode === 200) reply.status(endpoint.status ?? 200);
          return reply.send(result);
        },
      });
    },
  };
}

function callOf(app: AppContext, endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Call<Endpoint> {
  let ctx: CallContext | undefined;
  return {
    app,
    get ctx() {
      ctx ??= callContext(app, request);
      return ctx;
    },
    request,
    reply,
    ...(endpoint.params === undefined ? {} : { params: request.params }),
    ...(endpoint.query === undefined ? {} : { query: request.query }),
    ...(endpoint.body === undefined ? {} : { body: request.body }),
  };
}

/** The endpoint's access rule (src/core/endpoint.ts `Access`); the service checks the object's site after. */
function checkAccess(endpoint: Endpoint, call: Call<Endpoint>): void {
  const { access } = endpoint;
  if (typeof access !== 'object') return;
  if (access.at === 'everywhere') requireEverywhere(call.ctx, access.action);
  else if (access.at === 'site')
    requireAtSite(call.ctx, access.action, (call.request.params as { siteId: number }).siteId);
  else scopeFor(call.ctx, access.action);
}

/**
 * A site in the path that does not exist is "not found" on every route, whatever the handler would make of it
 * (a list of nothing). Checked after the access rule: a caller without the site hears "not found" from that
 * already, so only those who may see every site learn from this whether a site exists, which they can list.
 */
async function checkSiteExists(app: AppContext, endpoint: Endpoint, call: Call<Endpoint>): Promise<void> {
  if (!sitePathParameter.test(endpoint.path)) return;
  const { siteId } = call.request.params as { siteId: number };
  const site = await app.database.kysely.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
}

const sitePathParameter = /:siteId\b/;

/**
 * OpenAPI: the one error body under each status the endpoint can answer with, with the codes it can carry
 * there. (Error answers are serialized by the error handler, so a code outside them is reported, not a 500.)
 */
function errorResponses(endpoint: Endpoint): Record<number, z.ZodType> {
  const byStatus = new Map<number, [ErrorCode, ...ErrorCode[]]>();
  for (const code of errorsOf(endpoint)) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code] as [ErrorCode, ...ErrorCode[]]);
  }
  return Object.fromEntries([...byStatus].map(([status, codes]) => [status, errorBodyOf(codes)]));
}
