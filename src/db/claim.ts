import { sql, type Kysely, type Selectable } from 'kysely';
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
 * global tables; it answers the row as claimed, or undefined when there is none.
 */
export async function claim<T extends 'sites' | 'users'>(
  db: Kysely<GlobalTables>,
  table: T,
  id: number,
): Promise<Selectable<GlobalTables[T]> | undefined> {
  // The claimed row comes back with it (one statement less on the hottest path, a change of one's profile).
  const query = db
    .updateTable(table as 'users')
    .set(nextVersion)
    .where('id', '=', id)
    .returningAll();
  return (await query.executeTakeFirst()) as Selectable<GlobalTables[T]> | undefined;
}

export const nextVersion = { version: sql<number>`version + 1` };
