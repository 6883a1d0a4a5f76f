import { describe, expect, it } from 'vitest';
import { keyedHash, newKey, parseKey, seal, SealError, unsealText } from './sealing.ts';

describe('sealing identifying data', () => {
  const key = newKey();

  it('opens with the same key and context, and never shows the plaintext', () => {
    const sealed = seal(key, 'Jan Jansen, 1234567', 'identity:1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('Jansen');
    expect(unsealText(key, sealed, 'identity:1')).toBe('Jan Jansen, 1234567');
    expect(seal(key, 'same', 'c')).not.toBe(seal(key, 'same', 'c'));
  });

  it('refuses another key, another row, or an altered value', () => {
    const sealed = seal(key, 'secret', 'identity:1');
    expect(() => unsealText(newKey(), sealed, 'identity:1')).toThrow(SealError);
    expect(() => unsealText(key, sealed, 'identity:2')).toThrow(SealError);
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => unsealText(key, parts.join('.'), 'identity:1')).toThrow(SealError);
    expect(() => unsealText(key, 'plain text', 'identity:1')).toThrow(/not a sealed value/);
  });

  it('hashes with a key: same input same hash, another key another hash', () => {
    expect(keyedHash(key, 'H123')).toBe(keyedHash(key, 'H123'));
    expect(keyedHash(key, 'H123')).not.toBe(keyedHash(newKey(), 'H123'));
  });

  it('reads keys as 64 hex digits or base64 of 32 bytes', () => {
    expect(parseKey('ab'.repeat(32))?.length).toBe(32);
    expect(parseKey(Buffer.alloc(32, 1).toString('base64'))?.length).toBe(32);
    expect(parseKey('too short')).toBeNull();
  });
});
