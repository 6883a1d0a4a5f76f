import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { constantTimeEqual } from '../core/secrets.ts';
import type { AppContext } from '../features/access/context.ts';
import { csrfHeader, sessionCookie } from '../features/access/http.ts';
import { authenticateSession, authenticateToken, type Authenticated } from '../features/auth/authenticate.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthentication(app: FastifyInstance, appContext: AppContext): void {
  app.decorateRequest('authenticated', null);

  // A route that forgets to say who may call it does not start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.auth === undefined && !route.url.startsWith('/api/docs')) {
      throw new Error(`route ${String(route.method)} ${route.url} must declare config.auth`);
    }
  });

  // onRequest: before the body is read, so anonymous callers cannot make the server parse anything.
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (auth === undefined || auth === 'public') return;
    const authenticated = await authenticate(appContext, request);
    if (authenticated.csrfToken !== null && !safeMethods.has(request.method)) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, authenticated.csrfToken)) {
        throw new AppError('csrf_failed', `missing or wrong ${csrfHeader} header; reload the page`);
      }
    }
    if (auth === 'user' && authenticated.user.must_change_password === 1) {
      throw new AppError('password_change_required', 'change your initial password first');
    }
    request.authenticated = authenticated;
  });
}

function authenticate(appContext: AppContext, request: FastifyRequest): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined)
      throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
    return authenticateToken(appContext, match[1]);
  }
  const cookie = request.cookies[sessionCookie];
  if (cookie === undefined || cookie === '') throw new AppError('unauthenticated', 'sign in first');
  return authenticateSession(appContext, cookie);
}
