import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import type { Endpoint } from '../core/endpoint.ts';
import { AppError } from '../core/errors.ts';
import { accessMessages } from '../core/messages.ts';
import type { UsersTable } from '../db/tables.ts';
import type { AppContext, CallContext, UserCaller } from './context.ts';

/** The Fastify instance endpoints are registered on: zod schemas give the handler its types. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const sessionCookie = 'septype_session';
export const csrfHeader = 'x-csrf-token';

/** A caller proven by a session cookie or an API token (src/features/auth/authenticate.ts). */
export interface Authenticated {
  caller: UserCaller;
  user: Selectable<UsersTable>;
  /** null for API tokens, which carry no ambient credential and need no CSRF token. */
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract the route was registered from (every /api route has one); its access rule says who may call. */
    endpoint?: Endpoint;
  }
  interface FastifyRequest {
    authenticated: Authenticated | null;
  }
}

/** The use-case context of an authenticated request. */
export function callContext(appContext: AppContext, request: FastifyRequest): CallContext {
  const authenticated = request.authenticated;
  if (authenticated === null) throw new AppError('unauthenticated', accessMessages.signInFirst());
  return {
    ...appContext,
    caller: authenticated.caller,
    source: authenticated.caller.via === 'token' ? 'api' : 'web',
    requestId: request.id,
  };
}
