import type { Kysely } from 'kysely';
import type { Membership, Role } from '../../core/permissions.ts';
import type { Tables } from '../../db/tables.ts';
import type { UserView } from './contract.ts';

const columns = [
  'id',
  'username',
  'display_name',
  'email',
  'language',
  'must_change_password',
  'totp_secret',
  'locked_until',
  'created_at',
  'disabled_at',
] as const;

export async function listUserViews(db: Kysely<Tables>, onlyId?: number): Promise<UserView[]> {
  let users = db.selectFrom('users').select(columns).orderBy('username');
  let memberships = db.selectFrom('memberships').select(['user_id', 'site_id', 'role']).orderBy('id');
  if (onlyId !== undefined) {
    users = users.where('id', '=', onlyId);
    memberships = memberships.where('user_id', '=', onlyId);
  }
  const byUser = new Map<number, Membership[]>();
  for (const m of await memberships.execute()) {
    const list = byUser.get(Number(m.user_id)) ?? [];
    list.push({ siteId: m.site_id === null ? null : Number(m.site_id), role: m.role as Role });
    byUser.set(Number(m.user_id), list);
  }
  return (await users.execute()).map((u) => ({
    id: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    language: u.language === 'nl' ? 'nl' : 'en',
    mustChangePassword: u.must_change_password === 1,
    totpEnabled: u.totp_secret !== null,
    lockedUntil: u.locked_until,
    createdAt: u.created_at,
    disabledAt: u.disabled_at,
    memberships: byUser.get(Number(u.id)) ?? [],
  }));
}

export async function findUserView(db: Kysely<Tables>, userId: number): Promise<UserView | undefined> {
  return (await listUserViews(db, userId))[0];
}

export async function replaceMemberships(
  db: Kysely<Tables>,
  userId: number,
  memberships: readonly Membership[],
  createdAt: string,
): Promise<void> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  if (memberships.length === 0) return;
  await db
    .insertInto('memberships')
    .values(memberships.map((m) => ({ user_id: userId, site_id: m.siteId, role: m.role, created_at: createdAt })))
    .execute();
}

/** Active accounts that hold the administrator role at every site: there must always be one. */
export async function countGlobalAdministrators(db: Kysely<Tables>): Promise<number> {
  return (await globalAdministratorIds(db)).length;
}

export async function globalAdministratorIds(db: Kysely<Tables>): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .distinct()
    .where('memberships.role', '=', 'administrator')
    .where('memberships.site_id', 'is', null)
    .where('users.disabled_at', 'is', null)
    .execute();
  return rows.map((row) => Number(row.id));
}
