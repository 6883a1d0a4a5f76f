import type { Router } from '../../kernel/router.ts';
import { consentEndpoints as endpoints } from './contract.ts';
import { recordConsent } from './service.ts';
import { withdraw } from './withdraw.ts';

export function consentRoutes(router: Router): void {
  router.on(endpoints.record, ({ ctx, params, body }) => recordConsent(ctx, params.participantId, body));
  router.on(endpoints.withdraw, ({ ctx, params, body }) => withdraw(ctx, params.participantId, body));
}
