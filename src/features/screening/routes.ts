import type { Router } from '../../kernel/router.ts';
import { screeningEndpoints as endpoints } from './contract.ts';
import { screeningLogCsv } from './csv.ts';
import { createScreening, getScreening, listScreenings, setScreeningOutcome } from './service.ts';

export function screeningRoutes(router: Router): void {
  router.on(endpoints.list, async ({ ctx, params, query }) => ({
    screenings: await listScreenings(ctx, params.siteId, query),
  }));
  router.on(endpoints.export, async ({ ctx, params, reply }) => {
    const screenings = await listScreenings(ctx, params.siteId, {});
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="screening-log-site-${params.siteId}.csv"`);
    return screeningLogCsv(screenings);
  });
  router.on(endpoints.create, ({ ctx, params, body }) => createScreening(ctx, params.siteId, body));
  router.on(endpoints.get, ({ ctx, params }) => getScreening(ctx, params.screeningId));
  router.on(endpoints.setOutcome, ({ ctx, params, body }) => setScreeningOutcome(ctx, params.screeningId, body));
}
