import { sessionCookie } from '../../kernel/http.ts';
import type { Router } from '../../kernel/router.ts';
import { authenticateSession } from './authenticate.ts';
import { authEndpoints, meEndpoints } from './contract.ts';
import { deviceCookie, deviceCookiePath, deviceLifetimeDays, KnownDevices } from './known-devices.ts';
import {
  changePassword,
  createToken,
  disableTotp,
  enableTotp,
  listTokens,
  revokeToken,
  securityEvents,
  sessionView,
  signOut,
  startTotpSetup,
  updateProfile,
} from './service.ts';
import { signIn } from './sign-in.ts';

const ok = { ok: true as const };

export function authRoutes(router: Router): void {
  const { app } = router;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: app.config.secureCookies };
  const devices = new KnownDevices(() => app.dataKey());

  router.on(
    authEndpoints.signIn,
    async ({ request, reply, body }) => {
      const signedIn = await signIn(
        app,
        body,
        {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
          source: 'web',
          deviceCookie: request.cookies[deviceCookie],
        },
        devices,
      );
      reply.setCookie(deviceCookie, signedIn.deviceCookie, {
        ...cookieOptions,
        path: deviceCookiePath,
        maxAge: deviceLifetimeDays * 86_400,
      });
      const authenticated = await authenticateSession(app, signedIn.sessionToken);
      request.authenticated = authenticated;
      reply.setCookie(sessionCookie, signedIn.sessionToken, {
        ...cookieOptions,
        maxAge: app.config.sessionAbsoluteHours * 3600,
      });
      return sessionView(app, authenticated);
    },
    { rateLimit: { max: app.config.loginRatePerMinute, timeWindow: '1 minute' } },
  );
  router.on(authEndpoints.session, ({ request }) => sessionView(app, request.authenticated!));
  router.on(authEndpoints.signOut, async ({ ctx, reply }) => {
    await signOut(ctx);
    reply.clearCookie(sessionCookie, cookieOptions);
    return ok;
  });
  router.on(authEndpoints.changePassword, async ({ ctx, body }) => {
    await changePassword(ctx, body);
    return ok;
  });
  router.on(authEndpoints.totpSetup, ({ ctx }) => startTotpSetup(ctx));
  router.on(authEndpoints.totpEnable, async ({ ctx, body }) => {
    await enableTotp(ctx, body);
    return ok;
  });
  router.on(authEndpoints.totpDisable, async ({ ctx, body }) => {
    await disableTotp(ctx, body.password);
    return ok;
  });

  router.on(meEndpoints.update, async ({ ctx, body }) => {
    await updateProfile(ctx, body);
    return ok;
  });
  router.on(meEndpoints.tokens, async ({ ctx }) => ({ tokens: await listTokens(ctx) }));
  router.on(meEndpoints.securityLog, async ({ ctx, query }) => ({ entries: await securityEvents(ctx, query) }));
  router.on(meEndpoints.createToken, ({ ctx, body }) => createToken(ctx, body.name));
  router.on(meEndpoints.revokeToken, async ({ ctx, params }) => {
    await revokeToken(ctx, params.tokenId);
    return ok;
  });
}
