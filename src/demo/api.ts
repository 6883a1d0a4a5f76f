import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Endpoint, EndpointInput, EndpointOutput } from '../core/endpoint.ts';
import { parseInput } from '../core/zod-input.ts';
import { notFound } from '../core/messages.ts';
import type { AppContext, CallContext } from '../kernel/context.ts';
import { features } from '../server/features.ts';
import type { Call, Handler, Router } from '../kernel/router.ts';
import { requireAtSite, requireEverywhere, scopeFor } from '../kernel/scope.ts';

/**
 * The API in process: the slices register their handlers on this router exactly as on the server's
 * (src/kernel/router.ts), and a call goes through the endpoint's own zod schemas and access rule before the
 * handler, so every demo row passed the validation and the service checks an HTTP request would, and is audited
 * by the service. What it leaves out is HTTP itself (serialising JSON, cookies, CSRF): the demo calls as a
 * signed-in user with a token would, without the cost of encoding 100,000 patients as requests.
 */
export interface InProcessApi {
  call<E extends Endpoint>(ctx: CallContext, endpoint: E, input: EndpointInput<E>): Promise<EndpointOutput<E>>;
}

const key = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path}`;

export function inProcessApi(app: AppContext): InProcessApi {
  const handlers = new Map<string, Handler<Endpoint>>();
  const router: Router = {
    app,
    on(endpoint, handler) {
      handlers.set(key(endpoint), handler);
    },
  };
  for (const feature of features) feature(router);

  return {
    async call(ctx, endpoint, input) {
      const handler = handlers.get(key(endpoint));
      if (handler === undefined) throw new Error(`demo: no handler for ${key(endpoint)}`);
      const raw = input as { params?: unknown; query?: unknown; body?: unknown };
      const parsed = {
        ...(endpoint.params === undefined
          ? {}
          : { params: parseInput(endpoint.params, raw.params, { whole: 'params' }) }),
        ...(endpoint.query === undefined
          ? {}
          : { query: parseInput(endpoint.query, raw.query ?? {}, { whole: 'query' }) }),
        ...(endpoint.body === undefined ? {} : { body: parseInput(endpoint.body, raw.body, { whole: 'body' }) }),
      };
      await checkAccess(ctx, endpoint, parsed.params as { siteId?: number } | undefined);
      // The handlers the demo calls use only the caller and the validated input; none touches the HTTP exchange.
      const call = {
        app,
        ctx,
        request: undefined as unknown as FastifyRequest,
        reply: undefined as unknown as FastifyReply,
        ...parsed,
      } as Call<Endpoint>;
      // The answer is not read back through the response schema as the server's serializer does: the demo uses
      // a few of its fields, and parsing every participant view again costs a tenth of the run.
      return (await handler(call)) as EndpointOutput<typeof endpoint>;
    },
  };
}

/** The router's access rule (src/kernel/router.ts), including "not found" for a site that does not exist. */
async function checkAccess(ctx: CallContext, endpoint: Endpoint, params: { siteId?: number } | undefined) {
  const { access } = endpoint;
  if (typeof access !== 'object') return;
  if (access.at === 'everywhere') requireEverywhere(ctx, access.action);
  else if (access.at === 'site') {
    const siteId = params?.siteId ?? 0;
    requireAtSite(ctx, access.action, siteId);
    const site = await ctx.database.kysely.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
  } else scopeFor(ctx, access.action);
}
