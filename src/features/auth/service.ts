import type { z } from 'zod';
import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { randomToken, sha256Hex } from '../../core/secrets.ts';
import { audit, inTransaction, type AppContext, type CallContext } from '../../kernel/context.ts';
import type { Authenticated } from '../../kernel/http.ts';
import { apiTokenPrefix } from './authenticate.ts';
import type {
  changePasswordRequest,
  profileUpdate,
  SessionView,
  tokenCreated,
  TokenView,
  totpEnableRequest,
} from './contract.ts';
import { authMessages } from './messages.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { findUserById, type UserRow } from './repo.ts';
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
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await audit(ctx, trx, { siteId: null, action: 'security.sign_out', entity: 'user', entityId: userId });
  });
}

export async function changePassword(ctx: CallContext, input: z.infer<typeof changePasswordRequest>): Promise<void> {
  const user = await currentUser(ctx);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new InputError('currentPassword', authMessages.currentPasswordWrong());
  }
  checkPasswordPolicy(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) {
    throw new InputError('newPassword', authMessages.samePassword());
  }
  const passwordHash = await hashPassword(input.newPassword);
  const { sessionId } = self(ctx);
  await inTransaction(ctx, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: ctx.clock.now().toISOString() })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this user end: whoever knew the old password is signed out everywhere.
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (sessionId !== undefined) others = others.where('id', '!=', sessionId);
    await others.execute();
    await audit(ctx, trx, { siteId: null, action: 'security.password_changed', entity: 'user', entityId: user.id });
  });
}

export async function startTotpSetup(ctx: CallContext): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(ctx);
  if (user.totp_secret !== null) throw new AppError('conflict', authMessages.totpAlreadySetUp());
  const secret = newTotpSecret();
  return { secret, otpauthUri: totpUri(secret, user.username) };
}

export async function enableTotp(ctx: CallContext, input: z.infer<typeof totpEnableRequest>): Promise<void> {
  const user = await currentUser(ctx);
  if (user.totp_secret !== null) throw new AppError('conflict', authMessages.totpAlreadySetUp());
  if (!(await totpMatches(input.secret, input.code, ctx.clock.now()))) {
    throw new InputError('code', authMessages.totpCodeMismatch());
  }
  await inTransaction(ctx, async (trx) => {
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
    await trx
      .updateTable('users')
      .set({ totp_secret: null, totp_enabled_at: null })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, { siteId: null, action: 'security.totp_disabled', entity: 'user', entityId: user.id });
  });
}

export async function updateProfile(ctx: CallContext, input: z.infer<typeof profileUpdate>): Promise<void> {
  const { userId } = self(ctx);
  await inTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select(['display_name as displayName', 'language'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('users')
      .set({ display_name: input.displayName ?? before.displayName, language: input.language ?? before.language })
      .where('id', '=', userId)
      .execute();
    await audit(ctx, trx, {
      siteId: null,
      action: 'user.profile_changed',
      entity: 'user',
      entityId: userId,
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
  const { userId, via } = self(ctx);
  if (via !== 'session') throw new AppError('forbidden', authMessages.tokenFromSession());
  const token = apiTokenPrefix + randomToken();
  const createdAt = ctx.clock.now().toISOString();
  const prefix = token.slice(0, apiTokenPrefix.length + 6);
  const id = await inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
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

export async function revokeToken(ctx: CallContext, tokenId: number): Promise<void> {
  const { userId } = self(ctx);
  await inTransaction(ctx, async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .select(['id', 'name', 'revoked_at'])
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('api_token', tokenId);
    if (row.revoked_at !== null) return;
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('id', '=', tokenId)
      .execute();
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.token_revoked',
      entity: 'api_token',
      entityId: tokenId,
      after: { name: row.name },
    });
  });
}
