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
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.ts';
import { version } from '../core/version.ts';
import type { AppContext } from '../features/access/context.ts';
import type { ZodApp } from '../features/access/http.ts';
import { auditRoutes } from '../features/audit/routes.ts';
import { authRoutes } from '../features/auth/routes.ts';
import { consentRoutes } from '../features/consent/routes.ts';
import { destructionRoutes } from '../features/destruction/routes.ts';
import { participantRoutes } from '../features/participants/routes.ts';
import { screeningRoutes } from '../features/screening/routes.ts';
import { studyRoutes } from '../features/study/routes.ts';
import { visitRoutes } from '../features/visits/routes.ts';
import { siteRoutes } from '../features/sites/routes.ts';
import { userRoutes } from '../features/users/routes.ts';
import { installAuthentication } from './authentication.ts';
import { installErrorHandler } from './error-handler.ts';
import { healthRoute } from './health.ts';

export const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** What the API offers, collected as routes register: the site-isolation test walks this list. */
export interface ApiRoute {
  method: string;
  url: string;
  auth: string | undefined;
  hasBody: boolean;
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
}

/** Every feature's routes; a new feature adds one line here. */
const features: ((app: ZodApp, appContext: AppContext) => void)[] = [
  healthRoute,
  authRoutes,
  siteRoutes,
  userRoutes,
  auditRoutes,
  studyRoutes,
  screeningRoutes,
  participantRoutes,
  consentRoutes,
  visitRoutes,
  destructionRoutes,
];

export async function buildApp(appContext: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: appContext.config.logLevel },
    bodyLimit: appContext.config.bodyLimitBytes,
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
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `too many attempts; wait ${Math.ceil(context.ttl / 1000)} seconds`),
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
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installErrorHandler(app);
  installAuthentication(app, appContext);
  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      apiRoutes.push({ method, url: route.url, auth: route.config?.auth, hasBody: route.schema?.body !== undefined });
    }
  });
  for (const register of features) register(app, appContext);

  if (options.serveWeb === true) await serveWebApp(app);
  await app.ready();
  return app;
}

/** The built single-page app: files from web/dist, and index.html for every other non-API GET. */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  if (!existsSync(webDist)) {
    app.log.warn(`the web app is not built (${webDist} missing): run "npm run build:web"`);
    return;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.get('/*', { config: { auth: 'public' } }, (request, reply) => {
    if (request.url.startsWith('/api/'))
      throw new AppError('not_found', `no endpoint GET ${request.url.split('?')[0]}`);
    return reply.sendFile('index.html');
  });
}
