import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../core/errors.ts';
import { accessMessages } from '../core/messages.ts';
import { constantTimeEqual } from '../core/secrets.ts';
import { authenticateSession, authenticateToken } from '../features/auth/public.ts';
import type { AppContext } from '../kernel/context.ts';
import { csrfHeader, sessionCookie, type Authenticated } from '../kernel/http.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthentication(app: FastifyInstance, appContext: AppContext): void {
  app.decorateRequest('authenticated', null);

  // Every /api route is registered from its endpoint (src/kernel/router.ts), which says who may call it.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.endpoint === undefined && !route.url.startsWith('/api/docs')) {
      throw new Error(`route ${String(route.method)} ${route.url} must be registered from an endpoint`);
    }
  });

  // onRequest: before the body is read, so anonymous callers cannot make the server parse anything.
  app.addHook('onRequest', async (request) => {
    // Routes without an endpoint (the web app's files) and public endpoints need nobody signed in.
    const access = request.routeOptions.config.endpoint?.access;
    if (access === undefined || access === 'public') return;
    await authenticateRequest(appContext, request, access === 'pending');
  });
}

/**
 * For routes that are not endpoints (the OpenAPI description): the caller must be signed in and past the
 * one-time password, like an endpoint with access `self`. The refusal is the API's error body, sent from here
 * because those routes belong to a plugin with its own error handler.
 */
export function signedInOnly(appContext: AppContext): onRequestHookHandler {
  return (request, reply, done) => {
    authenticateRequest(appContext, request, false).then(
      () => done(),
      (error: unknown) => {
        if (error instanceof AppError) void reply.status(error.status).send(error.toBody());
        else done(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
}

/**
 * Who calls a public endpoint, if anyone is signed in (null when nobody or not validly): for answers that tell
 * signed-in users more (the version in /api/health). Never refuses.
 */
export async function optionalCaller(appContext: AppContext, request: FastifyRequest): Promise<Authenticated | null> {
  const noCredentials = request.headers.authorization === undefined && !request.cookies[sessionCookie];
  if (noCredentials) return null;
  try {
    const authenticated = await authenticate(appContext, request);
    return authenticated.user.must_change_password === 1 ? null : authenticated;
  } catch {
    return null;
  }
}

async function authenticateRequest(
  appContext: AppContext,
  request: FastifyRequest,
  pendingAllowed: boolean,
): Promise<void> {
  const authenticated = await authenticate(appContext, request);
  if (authenticated.csrfToken !== null && !safeMethods.has(request.method)) {
    const sent = request.headers[csrfHeader];
    if (typeof sent !== 'string' || !constantTimeEqual(sent, authenticated.csrfToken)) {
      throw new AppError('csrf_failed', accessMessages.csrf({ header: csrfHeader }));
    }
  }
  if (!pendingAllowed && authenticated.user.must_change_password === 1) {
    throw new AppError('password_change_required', accessMessages.changePasswordFirst());
  }
  request.authenticated = authenticated;
}

function authenticate(appContext: AppContext, request: FastifyRequest): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined) throw new AppError('unauthenticated', accessMessages.bearerFormat());
    return authenticateToken(appContext, match[1]);
  }
  const cookie = request.cookies[sessionCookie];
  if (cookie === undefined || cookie === '') throw new AppError('unauthenticated', accessMessages.signInFirst());
  return authenticateSession(appContext, cookie);
}
