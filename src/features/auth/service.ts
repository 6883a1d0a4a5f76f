import type { z } from 'zod';
import { AppError, InputError } from '../../core/errors.ts';
import { accessMessages, notFound } from '../../core/messages.ts';
import { randomToken, sha256Hex } from '../../core/secrets.ts';
import { claim } from '../../db/claim.ts';
import { audit, inTransaction, type AppContext, type CallContext, type Trx } from '../../kernel/context.ts';
import type { Authenticated } from '../../kernel/http.ts';
import { apiTokenPrefix } from './authenticate.ts';
import type {
  changePasswordRequest,
  profileUpdate,
  securityEventsQuery,
  securityEventView,
  SessionView,
  tokenCreated,
  TokenView,
  totpEnableRequest,
} from './contract.ts';
import { authMessages } from './messages.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { findUserById, revokeCredentials, type UserRow } from './repo.ts';
import { newTotpSecret, sealTotpSecret, totpMatches, totpUri } from './totp.ts';

/** Self-service of the signed-in user: session, password, second factor, API tokens, preferences. */

function self(ctx: CallContext): { userId: number; via: 'session' | 'token'; sessionId?: string } {
  if (ctx.caller.kind !== 'user') throw new AppError('forbidden', authMessages.forSignedInUsers());
  return ctx.caller;
}

async function currentUser(ctx: CallContext): Promise<UserRow> {
  const { userId } = self(ctx);
  const user = await findUserById(ctx.database.kysely, userId);
  if (user === undefined) throw notFound('user', userId);
  return user;
}

export function sessionView(app: AppContext, auth: Authenticated): SessionView {
  return {
    user: {
      id: auth.user.id,
      username: auth.user.username,
      displayName: auth.user.display_name,
      language: auth.user.language === 'nl' ? 'nl' : 'en',
      mustChangePassword: auth.user.must_change_password === 1,
      totpEnabled: auth.user.totp_secret !== null,
      memberships: [...auth.caller.memberships],
    },
    csrfToken: auth.csrfToken ?? '',
    idleTimeoutMinutes: app.config.sessionIdleMinutes,
  };
}

export async function signOut(ctx: CallContext): Promise<void> {
  const { sessionId, userId } = self(ctx);
  if (sessionId === undefined) throw new AppError('invalid_input', authMessages.tokensAreRevoked());
  await inTransaction(ctx, async (trx) => {
    // The delete decides: of two sign-outs of one session at the same moment, the second finds none.
    const ended = await trx.deleteFrom('sessions').where('id', '=', sessionId).executeTakeFirst();
    if (ended.numDeletedRows === 0n) throw new AppError('unauthenticated', accessMessages.signInFirst());
    await audit(ctx, trx, { siteId: null, action: 'security.sign_out', entity: 'user', entityId: userId });
  });
}

/**
 * Every change of the signed-in user's own row claims it first (src/db/claim.ts), then reads it again and checks
 * what the change depends on: of concurrent requests exactly one wins, on PostgreSQL too.
 */
async function claimSelf(ctx: CallContext, trx: Trx): Promise<UserRow> {
  const { userId } = self(ctx);
  const user = await claim(trx, 'users', userId);
  if (user === undefined) throw notFound('user', userId);
  return user;
}

/** Words of the study an attacker would try in a password: its registry id and title, the sites' codes and names. */
async function studyWords(ctx: CallContext): Promise<string[]> {
  const sites = await ctx.database.kysely.selectFrom('sites').select(['code', 'name']).execute();
  const protocols = Object.values(ctx.study.versions);
  return ['septype', ...protocols.flatMap((p) => [p.id, p.title]), ...sites.flatMap((site) => [site.code, site.name])];
}

/**
 * A new password ends every other session of the user and revokes all their API tokens (the session that made
 * the change stays signed in); the audit entry says how many.
 */
export async function changePassword(ctx: CallContext, input: z.infer<typeof changePasswordRequest>): Promise<void> {
  const { sessionId } = self(ctx);
  const user = await currentUser(ctx);
  // The slow parts (argon2, the strength estimate) before the row is claimed, so that it is held briefly.
  const currentRight = await verifyPassword(user.password_hash, input.currentPassword);
  if (!currentRight) throw new InputError('currentPassword', authMessages.currentPasswordWrong());
  const owner = { username: user.username, displayName: user.display_name, email: user.email };
  await checkPasswordPolicy(input.newPassword, owner, await studyWords(ctx));
  if (input.newPassword === input.currentPassword) {
    throw new InputError('newPassword', authMessages.samePassword());
  }
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (trx) => {
    const current = await claimSelf(ctx, trx);
    // Another change came first: the password checked above is no longer the current one.
    if (current.password_hash !== user.password_hash) {
      throw new InputError('currentPassword', authMessages.currentPasswordWrong());
    }
    const now = ctx.clock.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: now })
      .where('id', '=', user.id)
      .execute();
    const revoked = await revokeCredentials(trx, user.id, now, sessionId);
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.password_changed',
      entity: 'user',
      entityId: user.id,
      after: revoked,
    });
  });
}

export async function startTotpSetup(ctx: CallContext): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(ctx);
  if (user.totp_secret !== null) throw new AppError('conflict', authMessages.totpAlreadySetUp());
  const secret = newTotpSecret();
  return { secret, otpauthUri: totpUri(secret, user.username) };
}

export async function enableTotp(ctx: CallContext, input: z.infer<typeof totpEnableRequest>): Promise<void> {
  if (!(await totpMatches(input.secret, input.code, ctx.clock.now()))) {
    throw new InputError('code', authMessages.totpCodeMismatch());
  }
  await inTransaction(ctx, async (trx) => {
    const user = await claimSelf(ctx, trx);
    if (user.totp_secret !== null) throw new AppError('conflict', authMessages.totpAlreadySetUp());
    await trx
      .updateTable('users')
      .set({
        totp_secret: sealTotpSecret(ctx.dataKey(), user.id, input.secret),
        totp_enabled_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, { siteId: null, action: 'security.totp_enabled', entity: 'user', entityId: user.id });
  });
}

export async function disableTotp(ctx: CallContext, password: string): Promise<void> {
  const user = await currentUser(ctx);
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new InputError('password', authMessages.passwordWrong());
  }
  await inTransaction(ctx, async (trx) => {
    const current = await claimSelf(ctx, trx);
    if (current.password_hash !== user.password_hash) throw new InputError('password', authMessages.passwordWrong());
    if (current.totp_secret === null) throw new AppError('conflict', authMessages.totpNotSetUp());
    await trx
      .updateTable('users')
      .set({ totp_secret: null, totp_enabled_at: null })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, { siteId: null, action: 'security.totp_disabled', entity: 'user', entityId: user.id });
  });
}

export async function updateProfile(ctx: CallContext, input: z.infer<typeof profileUpdate>): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const user = await claimSelf(ctx, trx);
    const before = { displayName: user.display_name, language: user.language };
    await trx
      .updateTable('users')
      .set({ display_name: input.displayName ?? before.displayName, language: input.language ?? before.language })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, {
      siteId: null,
      action: 'user.profile_changed',
      entity: 'user',
      entityId: user.id,
      before,
      after: { ...before, ...input },
    });
  });
}

export async function listTokens(ctx: CallContext): Promise<TokenView[]> {
  const rows = await ctx.database.kysely
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', self(ctx).userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    prefix: r.token_prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** A new personal API token, shown once. Only a signed-in session can make one: a token cannot mint tokens. */
export async function createToken(ctx: CallContext, name: string): Promise<z.infer<typeof tokenCreated>> {
  const { via, sessionId } = self(ctx);
  if (via !== 'session' || sessionId === undefined) throw new AppError('forbidden', authMessages.tokenFromSession());
  const token = apiTokenPrefix + randomToken();
  const createdAt = ctx.clock.now().toISOString();
  const prefix = token.slice(0, apiTokenPrefix.length + 6);
  const id = await inTransaction(ctx, async (trx) => {
    const user = await claimSelf(ctx, trx);
    // A password change or reset that came first ended this session: no token is made with it afterwards.
    const session = await trx.selectFrom('sessions').select('id').where('id', '=', sessionId).executeTakeFirst();
    if (session === undefined) throw new AppError('unauthenticated', accessMessages.signInFirst());
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: user.id,
        name,
        token_hash: sha256Hex(token),
        token_prefix: prefix,
        created_at: createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.token_created',
      entity: 'api_token',
      entityId: row.id,
      after: { name, prefix },
    });
    return Number(row.id);
  });
  return { id, name, prefix, createdAt, lastUsedAt: null, revokedAt: null, token };
}

/**
 * Revoking is one guarded update (`revoked_at is null`) whose row count decides: a token already revoked, by an
 * earlier or a concurrent request, is "not found" among the user's active tokens (404).
 */
export async function revokeToken(ctx: CallContext, tokenId: number): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const user = await claimSelf(ctx, trx);
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('id', '=', tokenId)
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .returning('name')
      .executeTakeFirst();
    if (revoked === undefined) throw notFound('api_token', tokenId);
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.token_revoked',
      entity: 'api_token',
      entityId: tokenId,
      after: { name: revoked.name },
    });
  });
}

/**
 * The security log of the caller's own account: events about it (sign-ins and refused attempts with their
 * reason, lock-outs, password, role and second-factor changes) and what they did themselves (tokens).
 */
export async function securityEvents(
  ctx: CallContext,
  query: z.infer<typeof securityEventsQuery>,
): Promise<z.infer<typeof securityEventView>[]> {
  const { userId } = self(ctx);
  let q = ctx.database.kysely
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor', 'action', 'after_json', 'source'])
    .where('action', 'like', 'security.%')
    .where((eb) =>
      eb.or([eb('user_id', '=', userId), eb.and([eb('entity', '=', 'user'), eb('entity_id', '=', String(userId))])]),
    )
    .orderBy('seq', 'desc')
    .limit(query.limit);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  return (await q.execute()).map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    source: row.source,
  }));
}
