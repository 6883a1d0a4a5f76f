import type { z } from 'zod';
import { minutes } from '../../core/clock.ts';
import { AppError } from '../../core/errors.ts';
import { randomToken, sha256Hex } from '../../core/secrets.ts';
import type { AuditSource } from '../../db/audit.ts';
import { appendAudit } from '../../db/audit.ts';
import { inTransaction, type AppContext } from '../../kernel/context.ts';
import { authMessages } from './messages.ts';
import type { signInRequest } from './contract.ts';
import { verifyDecoy, verifyPassword } from './password.ts';
import { findUserByName, type UserRow } from './repo.ts';
import { totpMatches, unsealTotpSecret } from './totp.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  source: AuditSource;
}

export interface SignedIn {
  /** The cookie value; the database keeps only its hash. */
  sessionToken: string;
  userId: number;
}

const wrongCredentials = () => new AppError('unauthenticated', authMessages.wrongCredentials());

/**
 * Sign-in with password and, when enrolled, a TOTP code. Every outcome is written to the security log;
 * the tenth consecutive failure locks the account for the configured time.
 */
export async function signIn(
  app: AppContext,
  input: z.infer<typeof signInRequest>,
  meta: RequestMeta,
): Promise<SignedIn> {
  const now = app.clock.now();
  const user = await findUserByName(app.database.kysely, input.username);
  const security = (action: string, userId: number | null, after: Record<string, unknown>) =>
    inTransaction(app, (trx) =>
      appendAudit(trx, now, {
        userId,
        actor: input.username,
        siteId: null,
        action,
        entity: 'user',
        entityId: userId,
        after: { ...after, ip: meta.ip },
        source: meta.source,
        requestId: meta.requestId,
      }),
    );

  if (user === undefined) {
    await verifyDecoy(input.password);
    await security('security.sign_in_failed', null, { reason: 'unknown user name' });
    throw wrongCredentials();
  }
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    await security('security.sign_in_refused', user.id, { reason: 'account locked' });
    throw lockedError(user.locked_until);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await registerFailure(app, user, now, 'wrong password', meta);
    throw wrongCredentials();
  }
  if (user.disabled_at !== null) {
    await security('security.sign_in_refused', user.id, { reason: 'account disabled' });
    throw new AppError('forbidden', authMessages.accountDisabledAskAdministrator());
  }
  if (user.totp_secret !== null) {
    if (input.totpCode === undefined || input.totpCode === '') {
      throw new AppError('totp_required', authMessages.totpRequired(), { field: 'totpCode' });
    }
    if (!(await totpMatches(unsealTotpSecret(app.dataKey(), user.id, user.totp_secret), input.totpCode, now))) {
      await registerFailure(app, user, now, 'wrong authentication code', meta);
      throw new AppError('unauthenticated', authMessages.totpWrong(), { field: 'totpCode' });
    }
  }

  const sessionToken = randomToken();
  await inTransaction(app, async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256Hex(sessionToken),
        user_id: user.id,
        csrf_token: randomToken(),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await appendAudit(trx, now, {
      userId: user.id,
      actor: user.username,
      siteId: null,
      action: 'security.sign_in',
      entity: 'user',
      entityId: user.id,
      after: { ip: meta.ip, secondFactor: user.totp_secret !== null },
      source: meta.source,
      requestId: meta.requestId,
    });
  });
  return { sessionToken, userId: user.id };
}

function lockedError(lockedUntil: string): AppError {
  return new AppError('account_locked', authMessages.locked({ until: lockedUntil.slice(11, 16) }));
}

async function registerFailure(
  app: AppContext,
  user: UserRow,
  now: Date,
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  await inTransaction(app, async (trx) => {
    // Counted in SQL so that parallel attempts cannot each read the old count.
    const counted = await trx
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const failures = Number(counted.failed_logins);
    const base = {
      userId: user.id,
      actor: user.username,
      siteId: null,
      entity: 'user',
      entityId: user.id,
      source: meta.source,
      requestId: meta.requestId,
    };
    await appendAudit(trx, now, {
      ...base,
      action: 'security.sign_in_failed',
      after: { reason, failures, ip: meta.ip },
    });
    if (failures >= app.config.lockoutThreshold) {
      const lockedUntil = new Date(now.getTime() + minutes(app.config.lockoutMinutes)).toISOString();
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await appendAudit(trx, now, { ...base, action: 'security.lockout', after: { lockedUntil, failures } });
    }
  });
}
