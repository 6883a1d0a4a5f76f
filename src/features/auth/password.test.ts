import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, guessableWords, hashPassword, verifyPassword } from './password.ts';

const joke = { username: 'joke.jansen', displayName: 'Joke Jansen', email: 'joke@radboudumc.nl' };
const study = ['NCT07273344', 'Immunotypes in sepsis: a prospective multicenter cohort', 'NIJ', 'Radboudumc Nijmegen'];

async function refusal(password: string, owner = joke, context = study): Promise<{ key?: string; field?: string }> {
  try {
    await checkPasswordPolicy(password, owner, context);
  } catch (error) {
    return error as { key?: string; field?: string };
  }
  return {};
}

describe('the password policy', () => {
  it('needs at least 12 characters', async () => {
    expect((await refusal('elevenchars')).key).toBe('auth.passwordTooShort');
  });

  it('refuses a password that contains the user name, in any case', async () => {
    expect((await refusal('my name is JOKE.JANSEN ok')).key).toBe('auth.passwordContainsUsername');
  });

  it('refuses long but guessable passwords, saying why', async () => {
    expect((await refusal('aaaaaaaaaaaa')).key).toBe('auth.passwordRepeats');
    expect((await refusal('passwordpassword')).key).toBe('auth.passwordRepeats');
    expect((await refusal('asdfghjkl;lkjh')).key).toBe('auth.passwordPattern');
    expect((await refusal('abcdefghijklm')).key).toBe('auth.passwordPattern');
    expect((await refusal('password1234')).key).toBe('auth.passwordCommon');
  });

  it('knows Dutch words as well as English ones', async () => {
    expect((await refusal('wachtwoord1234')).key).toMatch(/^auth\.password(Weak|Common)$/);
  });

  it("refuses passwords built on the owner's names and the study's words", async () => {
    expect((await refusal('JokeJansen2026')).key).toBe('auth.passwordPersonal');
    expect((await refusal('radboudumc nijmegen')).key).toBe('auth.passwordPersonal');
    expect((await refusal('Nijmegen Sepsis Cohort!')).key).toBe('auth.passwordPersonal');
    expect((await refusal('JokeJansen!2026')).key).toBe('auth.passwordPersonal');
  });

  it('accepts passphrases, such as the ones the tests use', async () => {
    for (const password of ['correct horse battery staple 42', 'another long password 99', 'lantern otter glacier']) {
      expect(await refusal(password), password).toEqual({});
    }
  });

  it('names the field it is about', async () => {
    await expect(checkPasswordPolicy('short', joke, [], 'password')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'password',
    });
  });

  it('judges a 256-character password quickly enough for the request path', async () => {
    await checkPasswordPolicy('x', joke).catch(() => undefined);
    const started = performance.now();
    await refusal(Array.from({ length: 256 }, (_, i) => 'a1!B2@c3#'[(i * 13) % 9]).join(''));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the words an attacker would try', () => {
  it('are the names and the study words, whole and word by word, in lower case', () => {
    const words = guessableWords(joke, ['Radboudumc Nijmegen']);
    expect(words).toEqual(
      expect.arrayContaining(['joke.jansen', 'joke', 'jansen', 'radboudumc', 'nijmegen', 'radboudumc nijmegen']),
    );
    expect(words.every((word) => word === word.toLowerCase() && word.length >= 3)).toBe(true);
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
