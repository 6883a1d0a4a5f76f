import { hours, minutes } from '../../core/clock.ts';
import { AppError } from '../../core/errors.ts';
import { sha256Hex } from '../../core/secrets.ts';
import { accessMessages } from '../../core/messages.ts';
import type { AppContext } from '../../kernel/context.ts';
import type { Authenticated } from '../../kernel/http.ts';
import { authMessages } from './messages.ts';
import { deleteSession, findTokenHolder, findSession, findUserById, membershipsOf, type UserRow } from './repo.ts';

export const apiTokenPrefix = 'sept_';

/** Resolves the session cookie, enforcing the idle and absolute time-outs. */
export async function authenticateSession(app: AppContext, sessionToken: string): Promise<Authenticated> {
  const db = app.database.kysely;
  const id = sha256Hex(sessionToken);
  const session = await findSession(db, id);
  if (session === undefined) throw new AppError('unauthenticated', accessMessages.signInFirst());
  const now = app.clock.now();
  const idleFor = now.getTime() - Date.parse(session.last_seen_at);
  const age = now.getTime() - Date.parse(session.created_at);
  if (idleFor > minutes(app.config.sessionIdleMinutes) || age > hours(app.config.sessionAbsoluteHours)) {
    await deleteSession(db, id);
    throw new AppError(
      'session_expired',
      age > hours(app.config.sessionAbsoluteHours)
        ? authMessages.sessionExpiredAge({ hours: app.config.sessionAbsoluteHours })
        : authMessages.sessionExpiredIdle({ minutes: app.config.sessionIdleMinutes }),
    );
  }
  const user = await activeUser(app, Number(session.user_id));
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  return {
    caller: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      memberships: await membershipsOf(db, user.id),
      via: 'session',
      sessionId: id,
    },
    user,
    csrfToken: session.csrf_token,
  };
}

/** Resolves a personal API token (Authorization: Bearer sept_...). It carries its owner's rights. */
export async function authenticateToken(app: AppContext, token: string): Promise<Authenticated> {
  const db = app.database.kysely;
  const holder = token.startsWith(apiTokenPrefix) ? await findTokenHolder(db, sha256Hex(token)) : undefined;
  if (holder === undefined) throw new AppError('unauthenticated', authMessages.tokenUnknown());
  const { user, memberships, tokenId, lastUsedAt } = holder;
  if (user.disabled_at !== null) throw new AppError('unauthenticated', authMessages.accountDisabled());
  const now = app.clock.now();
  // Last use is kept to the minute: a write per request would cost scripts that loop over the API.
  if (lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) > minutes(1)) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
  }
  return {
    caller: { kind: 'user', userId: user.id, username: user.username, memberships, via: 'token' },
    user,
    csrfToken: null,
  };
}

async function activeUser(app: AppContext, userId: number): Promise<UserRow> {
  const user = await findUserById(app.database.kysely, userId);
  if (user === undefined || user.disabled_at !== null) {
    throw new AppError('unauthenticated', authMessages.accountDisabled());
  }
  return user;
}
