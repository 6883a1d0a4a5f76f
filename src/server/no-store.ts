import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Every answer under /api is `Cache-Control: no-store`: identities, participant records and exports must not
 * stay in a browser's or proxy's cache on a shared ward computer. Deciding per route would leave the next
 * route with personal data to remember it; the API's few answers without any (health, the study protocol)
 * cost next to nothing to fetch again. The web app's files are outside /api and stay cacheable.
 *
 * The route's own path decides, not only the URL as sent: the router decodes `/%61pi/sites` to the
 * /api/sites route, whose raw URL does not start with /api. The raw URL covers answers without a route (404).
 */
export function installNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (isApi(request)) reply.header('cache-control', 'no-store');
  });
}

const underApi = /^\/api(\/|\?|$)/;

function isApi(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return (route !== undefined && underApi.test(route)) || underApi.test(request.url);
}
