import type { z } from 'zod';
import type { AuditRow } from '../../db/audit.ts';
import type { CallContext } from '../../kernel/context.ts';
import { openPayloads } from '../../kernel/personal-keys.ts';
import { requireAtSite, requireEverywhere } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import type { AuditEntryView, auditPageQuery } from './contract.ts';

type PageQuery = z.infer<typeof auditPageQuery>;

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    userId: row.user_id === null ? null : Number(row.user_id),
    siteId: row.site_id === null ? null : Number(row.site_id),
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    reason: row.reason,
    source: row.source,
    requestId: row.request_id,
  };
}

function page(ctx: CallContext, query: PageQuery) {
  let q = ctx.database.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(query.limit);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  return q;
}

/** Sign-ins, lock-outs, tokens, role changes and other account events, for the administrator. */
export async function securityLog(ctx: CallContext, query: PageQuery): Promise<AuditEntryView[]> {
  requireEverywhere(ctx, 'security_log.read');
  const rows = await page(ctx, query).where('action', 'like', 'security.%').execute();
  return rows.map(toView);
}

/** The audit trail of one site's data; values about destroyed participants read as `{destroyed: true}`. */
export async function siteAuditTrail(ctx: CallContext, siteId: number, query: PageQuery): Promise<AuditEntryView[]> {
  const scope = requireAtSite(ctx, 'audit.read', siteId);
  const views = (await page(ctx, query).where('site_id', '=', siteId).execute()).map(toView);
  const payloads = views.flatMap((v) => [v.before, v.after]);
  const opened = await openPayloads(ctx, studyDb(ctx.database.kysely, scope), payloads);
  return views.map((view, i) => ({ ...view, before: opened[2 * i], after: opened[2 * i + 1] }));
}
