import type { Router } from '../../kernel/router.ts';
import { visitsEndpoints as endpoints } from './contract.ts';
import { recordVisit } from './service.ts';
import { siteWorklist } from './worklist-service.ts';

export function visitRoutes(router: Router): void {
  router.on(endpoints.record, ({ ctx, params, body }) => recordVisit(ctx, params.participantId, body));
  router.on(endpoints.worklist, ({ ctx, params }) => siteWorklist(ctx, params.siteId));
}
