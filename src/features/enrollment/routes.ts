import type { Router } from '../../kernel/router.ts';
import { enrollmentEndpoints } from './contract.ts';
import { enroll } from './service.ts';

export function enrollmentRoutes(router: Router): void {
  router.on(enrollmentEndpoints.enroll, ({ ctx, params, body }) => enroll(ctx, params.screeningId, body));
}
