import type { Router } from '../../kernel/router.ts';
import { auditEndpoints as endpoints } from './contract.ts';
import { securityLog, siteAuditTrail } from './service.ts';

export function auditRoutes(router: Router): void {
  router.on(endpoints.securityLog, async ({ ctx, query }) => ({ entries: await securityLog(ctx, query) }));
  router.on(endpoints.siteTrail, async ({ ctx, params, query }) => ({
    entries: await siteAuditTrail(ctx, params.siteId, query),
  }));
}
