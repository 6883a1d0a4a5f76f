import type { Kysely, Selectable } from 'kysely';
import type { Membership, Role } from '../../core/permissions.ts';
import type { Tables, UsersTable } from '../../db/tables.ts';
import type { Reseal } from '../../core/sealing.ts';
import { sealTotpSecret, totpContext } from './totp.ts';

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

export interface Revoked {
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * Ends the user's sessions (all but `keepSession`, the one that changed its own password) and revokes all their
 * API tokens: whoever held the old password, or a token made with it, is out. The caller claimed the user row
 * first (src/db/claim.ts: a user before their sessions and tokens).
 */
export async function revokeCredentials(
  db: Kysely<Tables>,
  userId: number,
  now: string,
  keepSession?: string,
): Promise<Revoked> {
  let sessions = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSession !== undefined) sessions = sessions.where('id', '!=', keepSession);
  const ended = await sessions.executeTakeFirst();
  const revoked = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return { sessionsEnded: Number(ended.numDeletedRows), tokensRevoked: Number(revoked.numUpdatedRows) };
}

export interface TokenHolder {
  user: UserRow;
  memberships: Membership[];
  tokenId: number;
  lastUsedAt: string | null;
}

/** An unrevoked token's owner and roles, in one query: it runs on every scripted request. */
export async function findTokenHolder(db: Kysely<Tables>, tokenHash: string): Promise<TokenHolder | undefined> {
  const rows = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.last_used_at as token_last_used_at',
      'memberships.site_id as membership_site_id',
      'memberships.role as membership_role',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .orderBy('memberships.id')
    .execute();
  const [first] = rows;
  if (first === undefined) return undefined;
  const { token_id, token_last_used_at, membership_site_id: _s, membership_role: _r, ...user } = first;
  return {
    user: { ...user, id: Number(user.id) },
    memberships: rows.flatMap((r) =>
      r.membership_role === null
        ? []
        : [
            {
              siteId: r.membership_site_id === null ? null : Number(r.membership_site_id),
              role: r.membership_role as Role,
            },
          ],
    ),
    tokenId: Number(token_id),
    lastUsedAt: token_last_used_at,
  };
}

/**
 * Databases from before TOTP secrets were sealed hold them in plain text: seal those (once, at start-up, when
 * the data key is known). Returns how many were sealed.
 */
export async function sealPlainTotpSecrets(db: Kysely<Tables>, dataKey: Buffer): Promise<number> {
  const plain = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'v1.%')
    .execute();
  for (const user of plain) {
    await db
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(dataKey, user.id, user.totp_secret ?? '') })
      .where('id', '=', user.id)
      .execute();
  }
  return plain.length;
}

/** Re-seals every second-factor secret under a new installation key (src/cli/data-key.ts). */
export async function resealTotpSecrets(db: Kysely<Tables>, reseal: Reseal): Promise<number> {
  const sealed = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .execute();
  for (const user of sealed) {
    await db
      .updateTable('users')
      .set({ totp_secret: reseal(user.totp_secret ?? '', totpContext(user.id)) })
      .where('id', '=', user.id)
      .execute();
  }
  return sealed.length;
}
