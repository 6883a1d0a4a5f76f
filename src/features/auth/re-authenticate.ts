import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { verifyPassword } from './password.ts';
import { findUserById } from './repo.ts';

/**
 * An electronic signature asks the signed-in user's password again (21 CFR 11.200: both components of the
 * credential at every signing that is not part of one continuous session of signings).
 */
export async function verifySignerPassword(db: Kysely<Tables>, userId: number, password: string): Promise<boolean> {
  const user = await findUserById(db, userId);
  if (user === undefined || user.disabled_at !== null) return false;
  return verifyPassword(user.password_hash, password);
}
