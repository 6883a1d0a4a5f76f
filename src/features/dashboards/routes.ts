import type { Router } from '../../kernel/router.ts';
import { dashboardsEndpoints as endpoints } from './contract.ts';
import { drillDownCell } from './drill-down.ts';
import { bloodVolumes, completeness, flow, recruitment, sampleInventory, visitCompliance } from './service.ts';

export function dashboardRoutes(router: Router): void {
  router.on(endpoints.recruitment, ({ ctx, query }) => recruitment(ctx, query));
  router.on(endpoints.flow, ({ ctx, query }) => flow(ctx, query));
  router.on(endpoints.visits, ({ ctx, query }) => visitCompliance(ctx, query));
  router.on(endpoints.completeness, ({ ctx, query }) => completeness(ctx, query));
  router.on(endpoints.samples, ({ ctx, query }) => sampleInventory(ctx, query));
  router.on(endpoints.blood, ({ ctx, query }) => bloodVolumes(ctx, query));
  router.on(endpoints.drillDown, ({ ctx, query }) => drillDownCell(ctx, query));
}
