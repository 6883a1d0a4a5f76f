import { generateSecret, generateURI, verify } from 'otplib';
import { seal, unsealText } from '../../core/sealing.ts';

/** TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps expect. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: 'septype', label: username, secret });
}

/** Accepts the code of the current 30-second step or the one before it (clock drift of the phone). */
export async function totpMatches(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: [30, 0],
  });
  return result.valid;
}

/** The secret is stored sealed with the data key: a copy of the users table does not hand out second factors. */
export const totpContext = (userId: number) => `totp:${userId}`;

export function sealTotpSecret(dataKey: Buffer, userId: number, secret: string): string {
  return seal(dataKey, secret, totpContext(userId));
}

export function unsealTotpSecret(dataKey: Buffer, userId: number, stored: string): string {
  return unsealText(dataKey, stored, totpContext(userId));
}
