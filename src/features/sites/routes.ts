import type { Router } from '../../kernel/router.ts';
import { sitesEndpoints as endpoints } from './contract.ts';
import { createSite, getSite, sitesOfCaller, updateSite } from './service.ts';

export function siteRoutes(router: Router): void {
  router.on(endpoints.list, async ({ ctx }) => ({ sites: await sitesOfCaller(ctx) }));
  router.on(endpoints.create, ({ ctx, body }) => createSite(ctx, body));
  router.on(endpoints.get, ({ ctx, params }) => getSite(ctx, params.siteId));
  router.on(endpoints.update, ({ ctx, params, body }) => updateSite(ctx, params.siteId, body));
}
