import { z } from 'zod';
import { id, isoDateTime } from '../../core/schemas.ts';

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
