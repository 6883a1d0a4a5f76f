import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';

describe('the password policy', () => {
  it('needs at least 12 characters', () => {
    expect(() => checkPasswordPolicy('elevenchars', 'joke')).toThrow(/at least 12/);
    expect(() => checkPasswordPolicy('twelve chars', 'joke')).not.toThrow();
  });

  it('refuses a password that contains the user name, in any case', () => {
    expect(() => checkPasswordPolicy('my name is JOKE.JANSEN', 'joke.jansen')).toThrow(/user name/);
  });

  it('names the field it is about', () => {
    try {
      checkPasswordPolicy('short', 'joke', 'password');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', field: 'password' });
    }
  });
});

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
