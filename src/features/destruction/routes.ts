import type { Router } from '../../kernel/router.ts';
import { destructionEndpoints as endpoints } from './contract.ts';
import { decideDestruction, listDestructions } from './service.ts';

export function destructionRoutes(router: Router): void {
  router.on(endpoints.list, async ({ ctx, params }) => ({
    destructions: await listDestructions(ctx, params.siteId),
  }));
  router.on(endpoints.approve, ({ ctx, params, body }) =>
    decideDestruction(ctx, params.destructionId, { approve: true, note: body.note ?? null }),
  );
  router.on(endpoints.reject, ({ ctx, params, body }) =>
    decideDestruction(ctx, params.destructionId, { approve: false, note: body.note }),
  );
}
