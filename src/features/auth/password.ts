import { hash, verify } from '@node-rs/argon2';
import { InputError } from '../../core/errors.ts';
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

/** The password policy: at least 12 characters, and not the user name (nor containing it). */
export function checkPasswordPolicy(password: string, username: string, field = 'newPassword'): void {
  if (password.length < passwordMinLength) {
    throw new InputError(field, authMessages.passwordTooShort({ minimum: passwordMinLength }));
  }
  if (password.length > passwordMaxLength) {
    throw new InputError(field, authMessages.passwordTooLong({ maximum: passwordMaxLength }));
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new InputError(field, authMessages.passwordContainsUsername());
  }
}
