import { createHmac } from 'node:crypto';
import { days, minutes } from '../../core/clock.ts';
import { constantTimeEqual, randomToken } from '../../core/secrets.ts';

/**
 * Known devices ("device cookies", OWASP's defence against lock-out by strangers): a browser where an account
 * signed in successfully keeps a signed token for that account. The account's lock after repeated failures
 * holds for every other client; a known device is not held by it, and its own failures lock only that device.
 * A stranger who types wrong passwords for a known user name thus locks out strangers, not the owner at their
 * usual browser.
 *
 * A token is `userId.issuedSeconds.nonce.mac`, signed with a key derived from the data key, so nothing is
 * stored per device but the failure counts of devices that failed (in memory: at worst a restart gives a
 * device that had failed its full count again, still under the per-address rate limit of sign-in).
 */
export const deviceCookie = 'septype_device';
/** Only sign-in reads it: the browser sends it nowhere else. */
export const deviceCookiePath = '/api/auth/sign-in';
export const deviceLifetimeDays = 180;
/** Tokens one browser keeps (accounts signed in there, most recent first): a shared ward computer. */
const tokensPerBrowser = 8;

export interface Device {
  /** The nonce of the device's token: names its failure count. */
  id: string;
}

interface DeviceFailures {
  failures: number;
  lockedUntil: number | null;
}

export class KnownDevices {
  private key: Buffer | undefined;
  private readonly failures = new Map<string, DeviceFailures>();

  /** `dataKey` is read on first use, like everywhere else (commands that need none run without it). */
  constructor(private readonly dataKey: () => Buffer) {}

  /** The device, when the cookie holds a valid, unexpired token of this account. */
  recognise(cookie: string | undefined, userId: number, now: Date): Device | undefined {
    for (const token of tokensOf(cookie)) {
      const [user, issued, nonce, mac] = token.split('.');
      if (user !== String(userId) || issued === undefined || nonce === undefined || mac === undefined) continue;
      if (!/^\d+$/.test(issued) || now.getTime() - Number(issued) * 1000 > days(deviceLifetimeDays)) continue;
      if (constantTimeEqual(mac, this.sign(`${user}.${issued}.${nonce}`))) return { id: nonce };
    }
    return undefined;
  }

  /** A fresh token for the account, in front of the browser's tokens for other accounts. */
  issue(cookie: string | undefined, userId: number, now: Date): string {
    const body = `${userId}.${Math.floor(now.getTime() / 1000)}.${randomToken(16)}`;
    const others = tokensOf(cookie).filter((token) => !token.startsWith(`${userId}.`));
    return [`${body}.${this.sign(body)}`, ...others].slice(0, tokensPerBrowser).join('~');
  }

  isLocked(device: Device, now: Date): boolean {
    const lockedUntil = this.failures.get(device.id)?.lockedUntil ?? null;
    return lockedUntil !== null && lockedUntil > now.getTime();
  }

  /** Counts a failure; at the threshold the device is locked for the lock-out time (not extended while locked). */
  registerFailure(
    device: Device,
    now: Date,
    policy: { threshold: number; lockMinutes: number },
  ): { failures: number; lockedUntil: Date | null } {
    this.forgetExpired(now);
    const entry = this.failures.get(device.id) ?? { failures: 0, lockedUntil: null };
    entry.failures += 1;
    const failures = entry.failures;
    if (failures >= policy.threshold) {
      entry.failures = 0;
      entry.lockedUntil = now.getTime() + minutes(policy.lockMinutes);
    }
    this.failures.set(device.id, entry);
    return { failures, lockedUntil: failures >= policy.threshold ? new Date(entry.lockedUntil!) : null };
  }

  succeeded(device: Device): void {
    this.failures.delete(device.id);
  }

  private forgetExpired(now: Date): void {
    // Entries exist only for devices with a valid token that failed: few. Dropped once their lock is over.
    for (const [id, entry] of this.failures) {
      if (entry.lockedUntil !== null && entry.lockedUntil <= now.getTime()) this.failures.delete(id);
    }
  }

  private sign(body: string): string {
    this.key ??= createHmac('sha256', this.dataKey()).update('septype known-device tokens v1').digest();
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function tokensOf(cookie: string | undefined): string[] {
  return cookie === undefined || cookie === '' ? [] : cookie.split('~').slice(0, tokensPerBrowser);
}
