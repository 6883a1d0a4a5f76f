import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of small values: identifying data, per-person data keys, site
 * secrets. A sealed value is `v1.<iv>.<ciphertext>.<tag>` in base64url. The context (e.g.
 * `identity:12`) is bound as associated data, so a sealed value copied to another row does not open.
 */
const prefix = 'v1';

export class SealError extends Error {
  override name = 'SealError';
}

export function newKey(): Buffer {
  return randomBytes(32);
}

export function seal(key: Buffer, plaintext: string | Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [prefix, iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function unseal(key: Buffer, sealed: string, context: string): Buffer {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== prefix) throw new SealError('not a sealed value');
  const [iv, body, tag] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new SealError(`the sealed value for ${context} does not open with this key (wrong key, or altered)`);
  }
}

export function unsealText(key: Buffer, sealed: string, context: string): string {
  return unseal(key, sealed, context).toString('utf8');
}

/** Opens a value sealed with one key and seals it again with another, under the same context. */
export type Reseal = (sealed: string, context: string) => string;

export function resealer(from: Buffer, to: Buffer): Reseal {
  return (sealed, context) => seal(to, unseal(from, sealed, context), context);
}

/** A keyed hash (HMAC-SHA-256, hex): recognises a value again without storing it. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** Reads a 32-byte key written as 64 hex digits or base64; null when the text is not one. */
export function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}
