import type { Kysely, Selectable } from 'kysely';
import type { Membership, Role } from '../../core/permissions.ts';
import type { Tables, UsersTable } from '../../db/tables.ts';

export type UserRow = Selectable<UsersTable>;

export function findUserByName(db: Kysely<Tables>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Kysely<Tables>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function membershipsOf(db: Kysely<Tables>, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['site_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ siteId: r.site_id === null ? null : Number(r.site_id), role: r.role as Role }));
}

export interface SessionRecord {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

export function findSession(db: Kysely<Tables>, id: string): Promise<SessionRecord | undefined> {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'csrf_token', 'created_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Tables>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Kysely<Tables>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function findActiveToken(db: Kysely<Tables>, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
