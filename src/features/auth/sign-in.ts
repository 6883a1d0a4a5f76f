import type { z } from 'zod';
import { minutes } from '../../core/clock.ts';
import { AppError } from '../../core/errors.ts';
import { randomToken, sha256Hex } from '../../core/secrets.ts';
import type { AuditSource } from '../../db/audit.ts';
import { appendAudit } from '../../db/audit.ts';
import { claim } from '../../db/claim.ts';
import { inTransaction, type AppContext, type Trx } from '../../kernel/context.ts';
import { authMessages } from './messages.ts';
import type { signInRequest } from './contract.ts';
import type { Device, KnownDevices } from './known-devices.ts';
import { verifyDecoy, verifyPassword } from './password.ts';
import { findUserById, findUserByName, type UserRow } from './repo.ts';
import { totpMatches, unsealTotpSecret } from './totp.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  source: AuditSource;
  /** The browser's known-device cookie, if it sent one. */
  deviceCookie: string | undefined;
}

export interface SignedIn {
  /** The cookie value; the database keeps only its hash. */
  sessionToken: string;
  userId: number;
  /** The browser's known-device cookie, now with a fresh token for this account. */
  deviceCookie: string;
}

/**
 * Every refusal of a sign-in reads the same, with the same status: an unknown user name, a wrong password, a
 * locked or a disabled account. The security log keeps the reason, for the administrators and for the
 * account's owner (`GET /api/me/security-log`). Only a correct password of a usable account is told more:
 * that the second factor's code is needed, or that the code was wrong.
 */
const signInFailed = () => new AppError('unauthenticated', authMessages.signInFailed());

/**
 * Sign-in with password and, when enrolled, a TOTP code. Every outcome is written to the security log.
 * Lock-out (docs/decisions.md): the account's consecutive failures from clients it does not know lock it for
 * those clients for the configured time; a known device of the account (./known-devices.ts) is not held by that
 * lock and counts its own failures. Attempts while locked are refused without being counted: the lock does
 * not extend.
 */
export async function signIn(
  app: AppContext,
  input: z.infer<typeof signInRequest>,
  meta: RequestMeta,
  devices: KnownDevices,
): Promise<SignedIn> {
  const now = app.clock.now();
  const user = await findUserByName(app.database.kysely, input.username);
  const log = securityLog(app, now, meta);

  if (user === undefined) {
    await verifyDecoy(input.password);
    await inTransaction(app, (trx) =>
      log(trx, { id: null, username: input.username }, 'security.sign_in_failed', { reason: 'unknown user name' }),
    );
    throw signInFailed();
  }
  const device = devices.recognise(meta.deviceCookie, user.id, now);
  // The password is checked even when the answer is already known, so that no refusal is quicker than another.
  const passwordRight = await verifyPassword(user.password_hash, input.password);
  const refuse = async (reason: string): Promise<never> => {
    await inTransaction(app, (trx) => log(trx, user, 'security.sign_in_refused', { reason, knownDevice: !!device }));
    throw signInFailed();
  };

  if (device !== undefined && devices.isLocked(device, now)) await refuse('device locked');
  if (device === undefined && isLocked(user, now)) await refuse('account locked');
  if (!passwordRight) {
    await registerFailure(app, user, device, devices, now, 'wrong password', meta);
    throw signInFailed();
  }
  if (user.disabled_at !== null) await refuse('account disabled');
  if (user.totp_secret !== null) {
    if (input.totpCode === undefined || input.totpCode === '') {
      throw new AppError('totp_required', authMessages.totpRequired(), { field: 'totpCode' });
    }
    if (!(await totpMatches(unsealTotpSecret(app.dataKey(), user.id, user.totp_secret), input.totpCode, now))) {
      await registerFailure(app, user, device, devices, now, 'wrong authentication code', meta);
      throw new AppError('unauthenticated', authMessages.totpWrong(), { field: 'totpCode' });
    }
  }

  const sessionToken = randomToken();
  const started = await inTransaction(app, async (trx) => {
    // What was checked above still holds: no reset, lock or disabling came in between.
    if (!(await claim(trx, 'users', user.id))) return false;
    const current = await findUserById(trx, user.id);
    if (current === undefined || current.password_hash !== user.password_hash || current.disabled_at !== null) {
      return false;
    }
    if (device === undefined && isLocked(current, now)) return false;
    // The owner proved themselves: the count of consecutive failures starts again. A running lock stays
    // (a known device signs in through it), an expired one is cleared.
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: isLocked(current, now) ? current.locked_until : null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256Hex(sessionToken),
        user_id: user.id,
        csrf_token: randomToken(),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        ip: meta.ip,
        // A header is not validated like a body: control characters (NUL fails on PostgreSQL) are dropped.
        user_agent: meta.userAgent?.replace(/\p{Cc}/gu, '').slice(0, 300) ?? null,
      })
      .execute();
    await log(trx, user, 'security.sign_in', { secondFactor: user.totp_secret !== null, knownDevice: !!device });
    return true;
  });
  if (!started) await refuse('account changed during sign-in');
  if (device !== undefined) devices.succeeded(device);
  return { sessionToken, userId: user.id, deviceCookie: devices.issue(meta.deviceCookie, user.id, now) };
}

function isLocked(user: Pick<UserRow, 'locked_until'>, now: Date): boolean {
  return user.locked_until !== null && user.locked_until > now.toISOString();
}

type Logged = Pick<UserRow, 'username'> & { id: number | null };

/** Writes a security-log entry about a sign-in attempt, with the client's address. */
function securityLog(app: AppContext, now: Date, meta: RequestMeta) {
  return (trx: Trx, user: Logged, action: string, after: Record<string, unknown>) =>
    appendAudit(trx, now, {
      userId: user.id,
      actor: user.username,
      siteId: null,
      action,
      entity: 'user',
      entityId: user.id,
      after: { ...after, ip: meta.ip },
      source: meta.source,
      requestId: meta.requestId,
    });
}

async function registerFailure(
  app: AppContext,
  user: UserRow,
  device: Device | undefined,
  devices: KnownDevices,
  now: Date,
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  const log = securityLog(app, now, meta);
  const policy = { threshold: app.config.lockoutThreshold, lockMinutes: app.config.lockoutMinutes };
  if (device !== undefined) {
    const { failures, lockedUntil } = devices.registerFailure(device, now, policy);
    await inTransaction(app, async (trx) => {
      await log(trx, user, 'security.sign_in_failed', { reason, failures, knownDevice: true });
      if (lockedUntil !== null) {
        await log(trx, user, 'security.lockout', { lockedUntil: lockedUntil.toISOString(), failures, scope: 'device' });
      }
    });
    return;
  }
  await inTransaction(app, async (trx) => {
    // Claimed, so that parallel failures are counted one after the other (none lost on PostgreSQL), and one
    // that finds the account locked meanwhile neither counts nor extends the lock.
    await claim(trx, 'users', user.id);
    const current = await findUserById(trx, user.id);
    if (current === undefined) return;
    if (isLocked(current, now)) {
      await log(trx, user, 'security.sign_in_refused', { reason: 'account locked', knownDevice: false });
      return;
    }
    const failures = current.failed_logins + 1;
    const locks = failures >= policy.threshold;
    const lockedUntil = locks ? new Date(now.getTime() + minutes(policy.lockMinutes)).toISOString() : null;
    await trx
      .updateTable('users')
      .set({ failed_logins: locks ? 0 : failures, locked_until: lockedUntil })
      .where('id', '=', user.id)
      .execute();
    await log(trx, user, 'security.sign_in_failed', { reason, failures, knownDevice: false });
    if (locks) await log(trx, user, 'security.lockout', { lockedUntil, failures, scope: 'unknown clients' });
  });
}
