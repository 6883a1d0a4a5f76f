import { z } from 'zod';
import { id, ok } from '../../core/schemas.ts';
import type { AppContext } from '../access/context.ts';
import { callContext, sessionCookie, type ZodApp } from '../access/http.ts';
import { authenticateSession } from './authenticate.ts';
import {
  changePasswordRequest,
  profileUpdate,
  sessionView as sessionViewSchema,
  signInRequest,
  tokenCreated,
  tokenCreateRequest,
  tokenView,
  totpDisableRequest,
  totpEnableRequest,
  totpSetupResponse,
} from './contract.ts';
import {
  changePassword,
  createToken,
  disableTotp,
  enableTotp,
  listTokens,
  revokeToken,
  sessionView,
  signOut,
  startTotpSetup,
  updateProfile,
} from './service.ts';
import { signIn } from './sign-in.ts';

export function authRoutes(app: ZodApp, appContext: AppContext): void {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: appContext.config.secureCookies,
  };

  app.post('/api/auth/sign-in', {
    config: { auth: 'public', rateLimit: { max: appContext.config.loginRatePerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in (sets the session cookie)',
      body: signInRequest,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const signedIn = await signIn(appContext, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        source: 'web',
      });
      const authenticated = await authenticateSession(appContext, signedIn.sessionToken);
      request.authenticated = authenticated;
      reply.setCookie(sessionCookie, signedIn.sessionToken, {
        ...cookieOptions,
        maxAge: appContext.config.sessionAbsoluteHours * 3600,
      });
      return sessionView(callContext(appContext, request), authenticated);
    },
  });

  app.get('/api/auth/session', {
    config: { auth: 'pending' },
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user, roles and CSRF token',
      response: { 200: sessionViewSchema },
    },
    handler: (request) => {
      const ctx = callContext(appContext, request);
      return sessionView(ctx, request.authenticated!);
    },
  });

  app.post('/api/auth/sign-out', {
    config: { auth: 'pending' },
    schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 200: ok } },
    handler: async (request, reply) => {
      await signOut(callContext(appContext, request));
      reply.clearCookie(sessionCookie, cookieOptions);
      return { ok: true as const };
    },
  });

  app.post('/api/auth/password', {
    config: { auth: 'pending' },
    schema: { tags: ['auth'], summary: 'Change your password', body: changePasswordRequest, response: { 200: ok } },
    handler: async (request) => {
      await changePassword(callContext(appContext, request), request.body);
      return { ok: true as const };
    },
  });

  app.post('/api/auth/totp/setup', {
    config: { auth: 'user' },
    schema: { tags: ['auth'], summary: 'Start setting up a TOTP second factor', response: { 200: totpSetupResponse } },
    handler: (request) => startTotpSetup(callContext(appContext, request)),
  });

  app.post('/api/auth/totp/enable', {
    config: { auth: 'user' },
    schema: {
      tags: ['auth'],
      summary: 'Confirm the TOTP secret with a code',
      body: totpEnableRequest,
      response: { 200: ok },
    },
    handler: async (request) => {
      await enableTotp(callContext(appContext, request), request.body);
      return { ok: true as const };
    },
  });

  app.post('/api/auth/totp/disable', {
    config: { auth: 'user' },
    schema: { tags: ['auth'], summary: 'Turn the second factor off', body: totpDisableRequest, response: { 200: ok } },
    handler: async (request) => {
      await disableTotp(callContext(appContext, request), request.body.password);
      return { ok: true as const };
    },
  });

  app.patch('/api/me', {
    config: { auth: 'user' },
    schema: {
      tags: ['me'],
      summary: 'Change your display name or language',
      body: profileUpdate,
      response: { 200: ok },
    },
    handler: async (request) => {
      await updateProfile(callContext(appContext, request), request.body);
      return { ok: true as const };
    },
  });

  app.get('/api/me/tokens', {
    config: { auth: 'user' },
    schema: {
      tags: ['me'],
      summary: 'Your personal API tokens',
      response: { 200: z.object({ tokens: z.array(tokenView) }) },
    },
    handler: async (request) => ({ tokens: await listTokens(callContext(appContext, request)) }),
  });

  app.post('/api/me/tokens', {
    config: { auth: 'user' },
    schema: {
      tags: ['me'],
      summary: 'Create a personal API token (shown once)',
      body: tokenCreateRequest,
      response: { 201: tokenCreated },
    },
    handler: async (request, reply) => {
      const created = await createToken(callContext(appContext, request), request.body.name);
      return reply.status(201).send(created);
    },
  });

  app.delete('/api/me/tokens/:tokenId', {
    config: { auth: 'user' },
    schema: {
      tags: ['me'],
      summary: 'Revoke a personal API token',
      params: z.strictObject({ tokenId: id }),
      response: { 200: ok },
    },
    handler: async (request) => {
      await revokeToken(callContext(appContext, request), request.params.tokenId);
      return { ok: true as const };
    },
  });
}
