import { sql, type Kysely } from 'kysely';
import type { GlobalTables } from './tables.ts';

/**
 * How every state change starts: by claiming the object it changes, with one UPDATE that bumps the row's
 * version. On PostgreSQL that UPDATE holds the row's lock until the transaction ends, so a concurrent change
 * of the same object waits at its own claim and then reads what the first one committed (read committed:
 * each statement sees what committed before it). SQLite's single writer already runs one transaction at a
 * time. After the claim a use case reads the state, checks the transition (409 when it no longer holds),
 * writes and audits: exactly one of N concurrent requests wins, on both engines.
 *
 * Lock order, so that two transactions never wait for each other: a participant before anything of
 * theirs (screening, consents, visits, events, destruction requests); a user before their sessions and tokens.
 *
 * Site-owned rows are claimed through `ScopedDb.claim`, which adds the caller's sites; this is for the
 * global tables.
 */
export async function claim(db: Kysely<GlobalTables>, table: 'sites' | 'users', id: number): Promise<boolean> {
  const result = await db.updateTable(table).set(nextVersion).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export const nextVersion = { version: sql<number>`version + 1` };
