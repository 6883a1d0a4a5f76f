import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { siteParams } from '../sites/contract.ts';
import { auditPage, auditPageQuery } from './contract.ts';
import { securityLog, siteAuditTrail } from './service.ts';

export function auditRoutes(app: ZodApp, appContext: AppContext): void {
  app.get('/api/security-log', {
    config: { auth: 'user' },
    schema: {
      tags: ['audit'],
      summary: 'Security events, newest first',
      querystring: auditPageQuery,
      response: { 200: auditPage },
    },
    handler: async (request) => ({ entries: await securityLog(callContext(appContext, request), request.query) }),
  });

  app.get('/api/sites/:siteId/audit', {
    config: { auth: 'user' },
    schema: {
      tags: ['audit'],
      summary: "A site's audit trail, newest first",
      params: siteParams,
      querystring: auditPageQuery,
      response: { 200: auditPage },
    },
    handler: async (request) => ({
      entries: await siteAuditTrail(callContext(appContext, request), request.params.siteId, request.query),
    }),
  });
}
