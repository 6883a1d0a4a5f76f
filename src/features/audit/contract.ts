import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id, isoDateTime } from '../../core/schemas.ts';
import { siteParams } from '../sites/contract.ts';

export const auditEntryView = z.object({
  seq: z.number(),
  at: isoDateTime,
  actor: z.string(),
  userId: z.number().nullable(),
  siteId: z.number().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  source: z.string(),
  requestId: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

/** Newest first, a page at a time: pass the smallest `seq` seen as `beforeSeq` for the next page. */
export const auditPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: id.optional(),
});

export const auditPage = z.object({ entries: z.array(auditEntryView) });

export const auditEndpoints = {
  securityLog: endpoint({
    method: 'GET',
    path: '/api/security-log',
    tag: 'audit',
    summary: 'Security events, newest first',
    access: { action: 'security_log.read', at: 'everywhere' },
    query: auditPageQuery,
    response: auditPage,
    errors: [],
  }),
  siteTrail: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/audit',
    tag: 'audit',
    summary: "A site's audit trail, newest first",
    access: { action: 'audit.read', at: 'site' },
    params: siteParams,
    query: auditPageQuery,
    response: auditPage,
    errors: [],
  }),
};
