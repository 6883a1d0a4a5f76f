import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Endpoint } from '../core/endpoint.ts';
import { AppError } from '../core/errors.ts';
import { accessMessages } from '../core/messages.ts';
import { version } from '../core/version.ts';
import { studyForms } from '../ecrf/study.ts';
import { checkAssayCatalogue } from '../protocol/assays.ts';
import type { AppContext } from '../kernel/context.ts';
import { routerFor } from '../kernel/router.ts';
import { installAuthentication, signedInOnly } from './authentication.ts';
import { frameworkErrorHandler, installErrorHandler, type ContractBreachHandler } from './error-handler.ts';
import { installNoStore } from './no-store.ts';
import { validatorCompiler } from './validation.ts';
import { features } from './features.ts';

export const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** What the API offers, collected as routes register: the site-isolation test walks this list. */
export interface ApiRoute {
  method: string;
  url: string;
  endpoint: Endpoint;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: ApiRoute[];
  }
}

export interface AppOptions {
  /** Serve the built web app from web/dist (production); off when Vite serves it (development). */
  serveWeb?: boolean;
  /** Pino logger options, or false for none (tests). */
  logger?: boolean | object;
  /** Told of an answer outside an endpoint's contract; by default it is logged as an error. */
  onContractBreach?: ContractBreachHandler;
}

export async function buildApp(appContext: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  // A form definition that does not compile (a misspelt item in a condition) stops the server here, before anyone
  // enters data; the message names the protocol version, form, item and expression.
  studyForms(appContext.study);
  checkAssayCatalogue(
    appContext.study.assays,
    appContext.study.current.samplePlan.sampleTypes.map((type) => type.code),
  );
  const app = Fastify({
    logger: options.logger ?? { level: appContext.config.logLevel },
    bodyLimit: appContext.config.bodyLimitBytes,
    // Behind the reverse proxy, request.ip is the client it names (X-Forwarded-For), so rate limits count per
    // client rather than one bucket for everyone; with nobody trusted the header is ignored.
    trustProxy: trustedProxies(appContext.config.trustProxy),
    frameworkErrors: frameworkErrorHandler,
    genReqId: () => randomUUID(),
    // Each request's log lines carry its id (also returned as the x-request-id header and kept in
    // the audit trail); the per-request access lines only at debug level.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: appContext.config.logLevel !== 'debug' && appContext.config.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installNoStore(app);

  const https = appContext.config.secureCookies;
  await app.register(fastifyHelmet, {
    // HSTS and upgrade-insecure-requests only when served over HTTPS: on http://localhost they break the app.
    hsts: https,
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: https ? [] : null,
        defaultSrc: ["'self'"],
        // Mantine sets inline styles; the swagger UI page needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    // Limits count per signed-in user where there is one (identity reads), else per client address (sign-in).
    keyGenerator: (request) =>
      request.authenticated === null ? `ip:${request.ip}` : `user:${request.authenticated.user.id}`,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', accessMessages.tooManyAttempts({ seconds: Math.ceil(context.ttl / 1000) })),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'septype API',
        version,
        description:
          'Authenticate with a session cookie (web) or `Authorization: Bearer <personal API token>` (scripts).',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The API description is for signed-in users: a map of every route helps a stranger more than anyone else.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiHooks: { onRequest: signedInOnly(appContext) } });

  installErrorHandler(app, options.onContractBreach ?? ((breach) => app.log.error(breach)));
  installAuthentication(app, appContext);
  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    const endpoint = route.config?.endpoint;
    if (endpoint === undefined) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, endpoint });
    }
  });
  const router = routerFor(app, appContext);
  for (const register of features) register(router);

  if (options.serveWeb === true) await serveWebApp(app);
  await app.ready();
  return app;
}

/** Fastify counts hops itself for a number, but its types take the count only as this function. */
function trustedProxies(
  setting: false | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

/** The built single-page app: files from web/dist, and index.html for every other non-API GET. */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  if (!existsSync(webDist)) {
    app.log.warn(`the web app is not built (${webDist} missing): run "npm run build:web"`);
    return;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/')) {
      throw new AppError(
        'not_found',
        accessMessages.noEndpoint({ method: 'GET', path: request.url.split('?')[0] ?? '' }),
      );
    }
    return reply.sendFile('index.html');
  });
}
