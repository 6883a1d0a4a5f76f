import { notFound } from '../../core/messages.ts';
import type { CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor, SiteScope } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { listSites } from '../sites/public.ts';
import type { Counted } from './cells.ts';
import type { DrillDownRow } from './contract.ts';

/**
 * The sites a dashboard covers: the caller's sites where they may read participants (every site for a role
 * held at every site, the coordinating centre), or the one asked for. The same rule as the participant
 * lists: a coordinator sees their own site, a study-wide data manager or monitor sees all of them.
 */
export interface DashboardScope {
  /** Study tables narrowed to the covered sites. */
  db: StudyDb;
  sites: { id: number; code: string; name: string; timeZone: string }[];
  siteIds: number[];
  /** The study clock's now (ISO). */
  now: string;
}

export const dashboardAction = 'participant.read';

export async function dashboardScope(ctx: CallContext, siteId: number | undefined): Promise<DashboardScope> {
  const kysely = ctx.database.kysely;
  let scope = scopeFor(ctx, dashboardAction);
  if (siteId !== undefined) {
    requireAtSite(ctx, dashboardAction, siteId);
    scope = new SiteScope(dashboardAction, [siteId]);
  }
  const sites = await listSites(kysely, scope.siteIds);
  if (siteId !== undefined && sites.length === 0) throw notFound('site', siteId);
  return { db: studyDb(kysely, scope), sites, siteIds: sites.map((s) => s.id), now: ctx.clock.now().toISOString() };
}

export function siteList(scope: DashboardScope) {
  return scope.sites.map(({ id, code, name }) => ({ id, code, name }));
}

export function withSiteCode(scope: DashboardScope, rows: readonly Counted[]): DrillDownRow[] {
  const codes = new Map(scope.sites.map((s) => [s.id, s.code]));
  return rows.map((row) => ({ ...row, siteCode: codes.get(row.siteId) ?? '' }));
}
