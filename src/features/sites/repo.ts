import type { Kysely } from 'kysely';
import { notFound } from '../../core/messages.ts';
import type { Tables } from '../../db/tables.ts';
import type { SiteView } from './contract.ts';

const columns = ['id', 'code', 'name', 'time_zone', 'created_at', 'disabled_at'] as const;

type SiteRow = {
  id: number;
  code: string;
  name: string;
  time_zone: string;
  created_at: string;
  disabled_at: string | null;
};

export function toSiteView(row: SiteRow): SiteView {
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Sites by id; `ids: 'all'` for callers whose role holds everywhere. */
export async function listSites(db: Kysely<Tables>, ids: 'all' | readonly number[]): Promise<SiteView[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  let query = db.selectFrom('sites').select(columns).orderBy('code');
  if (ids !== 'all') query = query.where('id', 'in', [...ids]);
  return (await query.execute()).map(toSiteView);
}

export async function findSite(db: Kysely<Tables>, id: number): Promise<SiteView | undefined> {
  const row = await db.selectFrom('sites').select(columns).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toSiteView(row);
}

export async function findSiteByCode(db: Kysely<Tables>, code: string): Promise<SiteView | undefined> {
  const row = await db.selectFrom('sites').select(columns).where('code', '=', code).executeTakeFirst();
  return row === undefined ? undefined : toSiteView(row);
}

/** A site the caller's scope already includes; not found is an error. */
export async function siteOf(db: Kysely<Tables>, id: number): Promise<SiteView> {
  const site = await findSite(db, id);
  if (site === undefined) throw notFound('site', id);
  return site;
}
