import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { inputMessages } from '../../core/messages.ts';
import { id, isoDateTime, keyed, language, ok, role, somethingToChange, username } from '../../core/schemas.ts';

export const signInRequest = z.strictObject({
  username,
  password: z.string().min(1).max(1024),
  totpCode: z.string().trim().optional(),
});

export const membershipView = z.object({ siteId: z.number().nullable(), role });

export const sessionView = z.object({
  user: z.object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    language,
    mustChangePassword: z.boolean(),
    totpEnabled: z.boolean(),
    memberships: z.array(membershipView),
  }),
  /** Send back in the X-CSRF-Token header on every state-changing request. */
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number(),
});
export type SessionView = z.infer<typeof sessionView>;

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});

export const totpSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
/**
 * A secret as `totp/setup` gives it: base32 in whole 8-character groups (no padding bits to get wrong), 20 to
 * 60 bytes (the TOTP library takes 16 to 64). Anything else failed inside the library, as a 500.
 */
export const totpSecret = z
  .string()
  .refine((secret) => /^(?:[A-Z2-7]{8}){4,12}$/.test(secret), keyed(inputMessages.totpSecret()));
export const totpEnableRequest = z.strictObject({ secret: totpSecret, code: z.string().trim() });
export const totpDisableRequest = z.strictObject({ password: z.string().min(1).max(1024) });

export const profileUpdate = z
  .strictObject({ displayName: z.string().trim().min(1).max(200).optional(), language: language.optional() })
  .refine(...somethingToChange);

export const tokenCreateRequest = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const tokenView = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type TokenView = z.infer<typeof tokenView>;
/** An entry of the security log about your account (the administrators read all of them). */
export const securityEventView = z.object({
  seq: z.number(),
  at: isoDateTime,
  /** Who acted: you, an administrator, or whoever typed your user name at sign-in. */
  actor: z.string(),
  action: z.string(),
  /** What happened: for sign-ins the reason of a refusal, the client's address, whether the device was known. */
  after: z.unknown(),
  source: z.string(),
});
export const securityEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: id.optional(),
});

export const tokenCreated = tokenView.extend({
  /** Shown once: only its hash is stored. */
  token: z.string(),
});

export const authEndpoints = {
  signIn: endpoint({
    method: 'POST',
    path: '/api/auth/sign-in',
    tag: 'auth',
    summary: 'Sign in (sets the session cookie)',
    access: 'public',
    body: signInRequest,
    response: sessionView,
    errors: ['unauthenticated', 'totp_required', 'rate_limited'],
  }),
  session: endpoint({
    method: 'GET',
    path: '/api/auth/session',
    tag: 'auth',
    summary: 'The signed-in user, roles and CSRF token',
    access: 'pending',
    response: sessionView,
    errors: [],
  }),
  signOut: endpoint({
    method: 'POST',
    path: '/api/auth/sign-out',
    tag: 'auth',
    summary: 'Sign out (ends the session)',
    access: 'pending',
    response: ok,
    errors: ['invalid_input'],
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/auth/password',
    tag: 'auth',
    summary: 'Change your password',
    access: 'pending',
    body: changePasswordRequest,
    response: ok,
    errors: [],
  }),
  totpSetup: endpoint({
    method: 'POST',
    path: '/api/auth/totp/setup',
    tag: 'auth',
    summary: 'Start setting up a TOTP second factor',
    access: 'self',
    response: totpSetupResponse,
    errors: ['conflict'],
  }),
  totpEnable: endpoint({
    method: 'POST',
    path: '/api/auth/totp/enable',
    tag: 'auth',
    summary: 'Confirm the TOTP secret with a code',
    access: 'self',
    body: totpEnableRequest,
    response: ok,
    errors: ['conflict'],
  }),
  totpDisable: endpoint({
    method: 'POST',
    path: '/api/auth/totp/disable',
    tag: 'auth',
    summary: 'Turn the second factor off',
    access: 'self',
    body: totpDisableRequest,
    response: ok,
    errors: ['conflict'],
  }),
};

export const meEndpoints = {
  update: endpoint({
    method: 'PATCH',
    path: '/api/me',
    tag: 'me',
    summary: 'Change your display name or language',
    access: 'self',
    body: profileUpdate,
    response: ok,
    errors: [],
  }),
  tokens: endpoint({
    method: 'GET',
    path: '/api/me/tokens',
    tag: 'me',
    summary: 'Your personal API tokens',
    access: 'self',
    response: z.object({ tokens: z.array(tokenView) }),
    errors: [],
  }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/me/tokens',
    tag: 'me',
    summary: 'Create a personal API token (shown once)',
    access: 'self',
    body: tokenCreateRequest,
    status: 201,
    response: tokenCreated,
    errors: ['forbidden'],
  }),
  securityLog: endpoint({
    method: 'GET',
    path: '/api/me/security-log',
    tag: 'me',
    summary: 'Security events of your account, newest first (sign-ins and refusals with their reason, lock-outs)',
    access: 'self',
    query: securityEventsQuery,
    response: z.object({ entries: z.array(securityEventView) }),
    errors: [],
  }),
  revokeToken: endpoint({
    method: 'DELETE',
    path: '/api/me/tokens/:tokenId',
    tag: 'me',
    summary: 'Revoke a personal API token',
    access: 'self',
    params: z.strictObject({ tokenId: id }),
    response: ok,
    errors: ['not_found'],
  }),
};
