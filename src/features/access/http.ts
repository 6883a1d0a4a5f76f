import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import type { Authenticated } from '../auth/authenticate.ts';
import type { AppContext, CallContext } from './context.ts';

/** The Fastify instance features register their routes on: zod schemas give the handler its types. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const sessionCookie = 'septype_session';
export const csrfHeader = 'x-csrf-token';

/**
 * Who may call a route (every /api route must say, or the server does not start):
 * - `public`: anyone (health, sign-in);
 * - `pending`: any signed-in user, even one who must still change the initial password;
 * - `user`: a signed-in user with a changed password. What they may do beyond that is decided by
 *   the service, from the permission matrix and the caller's sites.
 */
export type RouteAuth = 'public' | 'pending' | 'user';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    authenticated: Authenticated | null;
  }
}

/** The use-case context of an authenticated request. */
export function callContext(appContext: AppContext, request: FastifyRequest): CallContext {
  const authenticated = request.authenticated;
  if (authenticated === null) throw new AppError('unauthenticated', 'sign in first');
  return {
    ...appContext,
    caller: authenticated.caller,
    source: authenticated.caller.via === 'token' ? 'api' : 'web',
    requestId: request.id,
  };
}
