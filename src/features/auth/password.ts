import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { InputError } from '../../core/errors.ts';
import type { Message } from '../../core/errors.ts';
import { authMessages } from './messages.ts';

/**
 * argon2id (the library's default algorithm) with the OWASP minimum parameters: 19 MiB, two passes,
 * one lane. About 25 ms a hash on this machine's cores.
 */
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Compared against when the user name is unknown, so that a miss takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function verifyDecoy(password: string): Promise<boolean> {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  return decoyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

export const passwordMinLength = 12;
export const passwordMaxLength = 256;

/**
 * zxcvbn's score a new password needs: 3 is "safely unguessable" (about 10^8 guesses), its authors' advice
 * for a password behind a slow hash and rate limits. Passphrases of four words reach 4.
 */
export const minimumStrength = 3;

/** Whose password it is: what it must not be built on. */
export interface PasswordOwner {
  username: string;
  displayName?: string;
  email?: string | null;
}

/**
 * The password policy: 12 to 256 characters, not containing the user name, and hard to guess by zxcvbn's
 * estimate with the English and Dutch dictionaries, the owner's names and the study's own words (`context`:
 * its title, registry id, site codes and names) counted as known to an attacker.
 */
export async function checkPasswordPolicy(
  password: string,
  owner: PasswordOwner,
  context: readonly string[] = [],
  field = 'newPassword',
): Promise<void> {
  if (password.length < passwordMinLength) {
    throw new InputError(field, authMessages.passwordTooShort({ minimum: passwordMinLength }));
  }
  if (password.length > passwordMaxLength) {
    throw new InputError(field, authMessages.passwordTooLong({ maximum: passwordMaxLength }));
  }
  if (password.toLowerCase().includes(owner.username.toLowerCase())) {
    throw new InputError(field, authMessages.passwordContainsUsername());
  }
  const estimator = await strengthEstimator();
  const result = estimator.check(password, guessableWords(owner, context));
  if (result.score < minimumStrength) throw new InputError(field, weakPasswordMessage(result.feedback.warning));
  // zxcvbn counts any three pieces as 10^8 guesses: "JokeJansen2026" would pass. An attacker who picked this
  // account starts from these words, so a password that is mostly them is refused whatever its score.
  const personal = result.sequence
    .filter((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs')
    .reduce((length, match) => length + match.token.length, 0);
  if (personal * 2 >= password.length) throw new InputError(field, authMessages.passwordPersonal());
}

/**
 * What an attacker who targets this account would try first: the owner's names and e-mail, the study's words.
 * Split into words (zxcvbn matches each input as a whole) and lower-cased (it ignores case anyway).
 */
export function guessableWords(owner: PasswordOwner, context: readonly string[]): string[] {
  const texts = [owner.username, owner.displayName ?? '', owner.email ?? '', ...context];
  const words = texts.flatMap((text) => [text, ...text.split(/[^\p{L}\p{N}]+/u)]);
  return [...new Set(words.map((word) => word.trim().toLowerCase()).filter((word) => word.length >= 3))];
}

/** zxcvbn's warning keys, each mapped to one of our messages (which the web app translates). */
const warningMessages: Readonly<Record<string, () => Message>> = {
  simpleRepeat: authMessages.passwordRepeats,
  extendedRepeat: authMessages.passwordRepeats,
  sequences: authMessages.passwordPattern,
  straightRow: authMessages.passwordPattern,
  keyPattern: authMessages.passwordPattern,
  dates: authMessages.passwordDates,
  recentYears: authMessages.passwordDates,
  topTen: authMessages.passwordCommon,
  topHundred: authMessages.passwordCommon,
  common: authMessages.passwordCommon,
  similarToCommon: authMessages.passwordCommon,
  pwned: authMessages.passwordCommon,
  wordByItself: authMessages.passwordFewWords,
  namesByThemselves: authMessages.passwordFewWords,
  commonNames: authMessages.passwordFewWords,
  userInputs: authMessages.passwordPersonal,
};

function weakPasswordMessage(warning: string | null): Message {
  return (warning === null ? undefined : warningMessages[warning])?.() ?? authMessages.passwordWeak();
}

/**
 * The estimator, built once per process on first use: its dictionaries take about half a second to load
 * and as long again to index, which neither the command line's start nor each password change should pay.
 * The Dutch dictionaries are prefixed so that they sit beside the English ones rather than replace them.
 *
 * The estimate runs on the event loop, and with the defaults 64 digits took 0.6 s and 256 characters up to
 * 2 s (the l33t variants multiply). Ten l33t substitutions still catch `p4ssw0rd`; the first 100 characters
 * are judged (a longer password is as strong as its start): at most ~0.15 s, measured.
 */
let estimator: Promise<ZxcvbnFactory> | undefined;
export function strengthEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, nl] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-nl-be'),
    ]);
    const dutch = Object.fromEntries(Object.entries(nl.dictionary).map(([name, words]) => [`${name}-nl`, words]));
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...dutch },
      graphs: common.adjacencyGraphs,
      l33tMaxSubstitutions: 10,
      maxLength: 100,
    });
  })();
  return estimator;
}
