import type { z } from 'zod';
import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { Membership } from '../../core/permissions.ts';
import { oneTimePassword } from '../../core/secrets.ts';
import { audit, inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { requireEverywhere } from '../../kernel/scope.ts';
import { claim } from '../../db/claim.ts';
import { hashPassword, revokeCredentials } from '../auth/public.ts';
import { userMessages } from './messages.ts';
import type { rolesReplace, userCreate, userUpdate, UserView } from './contract.ts';
import {
  countGlobalAdministrators,
  findUserView,
  globalAdministratorIds,
  listUserViews,
  replaceMemberships,
} from './repo.ts';

/** Account administration: all of it needs user.manage at every site. */

export function listUsers(ctx: CallContext): Promise<UserView[]> {
  requireEverywhere(ctx, 'user.manage');
  return listUserViews(ctx.database.kysely);
}

export async function getUser(ctx: CallContext, userId: number): Promise<UserView> {
  requireEverywhere(ctx, 'user.manage');
  const user = await findUserView(ctx.database.kysely, userId);
  if (user === undefined) throw notFound('user', userId);
  return user;
}

export async function createUser(
  ctx: CallContext,
  input: z.infer<typeof userCreate>,
): Promise<{ user: UserView; oneTimePassword: string }> {
  requireEverywhere(ctx, 'user.manage');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const user = await inTransaction(ctx, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken !== undefined)
      throw new AppError('conflict', userMessages.usernameTaken({ username: input.username }), { field: 'username' });
    const memberships = await checkedMemberships(trx, input.memberships);
    const now = ctx.clock.now().toISOString();
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        language: input.language,
        password_hash: passwordHash,
        must_change_password: 1,
        password_changed_at: null,
        totp_secret: null,
        totp_enabled_at: null,
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = Number(row.id);
    await replaceMemberships(trx, userId, memberships, now);
    const created = await readBack(trx, userId);
    await audit(ctx, trx, { siteId: null, action: 'user.created', entity: 'user', entityId: userId, after: created });
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.roles_changed',
      entity: 'user',
      entityId: userId,
      before: [],
      after: memberships,
    });
    return created;
  });
  return { user, oneTimePassword: password };
}

export async function updateUser(
  ctx: CallContext,
  userId: number,
  input: z.infer<typeof userUpdate>,
): Promise<UserView> {
  requireEverywhere(ctx, 'user.manage');
  if (input.disabled === true && isCaller(ctx, userId)) {
    throw new AppError('forbidden', userMessages.notYourself(), { field: 'disabled' });
  }
  return inTransaction(ctx, async (trx) => {
    const before = await claimUser(trx, userId, { withAdministrators: input.disabled === true });
    const now = ctx.clock.now().toISOString();
    const disabledAt =
      input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? now) : null;
    await trx
      .updateTable('users')
      .set({
        display_name: input.displayName ?? before.displayName,
        email: input.email === undefined ? before.email : input.email,
        disabled_at: disabledAt,
      })
      .where('id', '=', userId)
      .execute();
    // A disabled account's sessions end and its tokens are revoked, so that enabling it again brings none back.
    if (disabledAt !== null) await revokeCredentials(trx, userId, now);
    await ensureAnAdministratorRemains(trx);
    const after = await readBack(trx, userId);
    const action =
      before.disabledAt === after.disabledAt
        ? 'user.changed'
        : after.disabledAt === null
          ? 'security.user_enabled'
          : 'security.user_disabled';
    await audit(ctx, trx, { siteId: null, action, entity: 'user', entityId: userId, before, after });
    return after;
  });
}

export async function replaceRoles(
  ctx: CallContext,
  userId: number,
  input: z.infer<typeof rolesReplace>,
): Promise<UserView> {
  requireEverywhere(ctx, 'user.manage');
  // Another administrator must: nobody raises their own rights, and nobody drops the last administrator by mistake.
  if (isCaller(ctx, userId)) throw new AppError('forbidden', userMessages.notYourOwnRoles());
  return inTransaction(ctx, async (trx) => {
    const before = await claimUser(trx, userId, { withAdministrators: true });
    const memberships = await checkedMemberships(trx, input.memberships);
    await replaceMemberships(trx, userId, memberships, ctx.clock.now().toISOString());
    await ensureAnAdministratorRemains(trx);
    const after = await readBack(trx, userId);
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.roles_changed',
      entity: 'user',
      entityId: userId,
      before: before.memberships,
      after: after.memberships,
      reason: input.reason ?? null,
    });
    return after;
  });
}

/**
 * A new one-time password, to be changed at sign-in. The user's sessions end and their API tokens are revoked
 * (the audit entry says how many): after a reset nothing made with the old password works again.
 */
export async function resetPassword(
  ctx: CallContext,
  userId: number,
): Promise<{ user: UserView; oneTimePassword: string }> {
  requireEverywhere(ctx, 'user.manage');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const user = await inTransaction(ctx, async (trx) => {
    await claimUser(trx, userId);
    const now = ctx.clock.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 1, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    const revoked = await revokeCredentials(trx, userId, now);
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.password_reset',
      entity: 'user',
      entityId: userId,
      after: revoked,
    });
    return readBack(trx, userId);
  });
  return { user, oneTimePassword: password };
}

export async function unlockUser(ctx: CallContext, userId: number): Promise<UserView> {
  requireEverywhere(ctx, 'user.manage');
  return inTransaction(ctx, async (trx) => {
    const before = await claimUser(trx, userId);
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await audit(ctx, trx, {
      siteId: null,
      action: 'security.unlocked',
      entity: 'user',
      entityId: userId,
      before: { lockedUntil: before.lockedUntil },
    });
    return readBack(trx, userId);
  });
}

/** For a lost phone: the user signs in with the password alone and can set up a new second factor. */
export async function resetSecondFactor(ctx: CallContext, userId: number): Promise<UserView> {
  requireEverywhere(ctx, 'user.manage');
  return inTransaction(ctx, async (trx) => {
    await claimUser(trx, userId);
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', userId).execute();
    await audit(ctx, trx, { siteId: null, action: 'security.totp_reset', entity: 'user', entityId: userId });
    return readBack(trx, userId);
  });
}

function isCaller(ctx: CallContext, userId: number): boolean {
  return ctx.caller.kind === 'user' && ctx.caller.userId === userId;
}

/**
 * Every change of an account starts by claiming its row (src/db/claim.ts), then reads it: of concurrent changes
 * each sees the one before. A change that could leave no administrator for all sites (roles, disabling) also
 * claims every such administrator, all in ascending id order so that two such changes cannot deadlock: two
 * administrators demoting each other at the same moment then cannot both pass the last-administrator check.
 */
async function claimUser(trx: Trx, userId: number, options: { withAdministrators?: boolean } = {}): Promise<UserView> {
  const ids = new Set([userId, ...(options.withAdministrators === true ? await globalAdministratorIds(trx) : [])]);
  for (const id of [...ids].sort((a, b) => a - b)) {
    if (!(await claim(trx, 'users', id)) && id === userId) throw notFound('user', userId);
  }
  return readBack(trx, userId);
}

async function readBack(trx: Trx, userId: number): Promise<UserView> {
  const user = await findUserView(trx, userId);
  if (user === undefined) throw notFound('user', userId);
  return user;
}

async function checkedMemberships(trx: Trx, requested: readonly Membership[]): Promise<Membership[]> {
  const unique = new Map(requested.map((m) => [`${m.siteId ?? '*'}:${m.role}`, m]));
  const siteIds = [...new Set(requested.flatMap((m) => (m.siteId === null ? [] : [m.siteId])))];
  if (siteIds.length > 0) {
    const found = new Set(
      (await trx.selectFrom('sites').select('id').where('id', 'in', siteIds).execute()).map((s) => Number(s.id)),
    );
    const index = requested.findIndex((m) => m.siteId !== null && !found.has(m.siteId));
    const missing = requested[index]?.siteId;
    if (missing != null)
      throw new InputError(`memberships.${index}.siteId`, userMessages.noSuchSite({ siteId: missing }));
  }
  return [...unique.values()];
}

async function ensureAnAdministratorRemains(trx: Trx): Promise<void> {
  if ((await countGlobalAdministrators(trx)) === 0) {
    throw new AppError('conflict', userMessages.lastAdministrator());
  }
}

/**
 * A new database gets an administrator whose one-time password the caller shows once. Returns null
 * when there are users already.
 */
export async function bootstrapAdministrator(
  ctx: CallContext,
): Promise<{ username: string; oneTimePassword: string } | null> {
  const any = await ctx.database.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return null;
  const { user, oneTimePassword: password } = await createUser(ctx, {
    username: 'admin',
    displayName: 'Administrator',
    language: 'en',
    memberships: [{ siteId: null, role: 'administrator' }],
  });
  return { username: user.username, oneTimePassword: password };
}
