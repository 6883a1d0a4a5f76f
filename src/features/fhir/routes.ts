import type { Router } from '../../kernel/router.ts';
import { fhirEndpoints as endpoints } from './contract.ts';
import { proposeForParticipant } from './service.ts';

/** A hospital record export is larger than the server's default body limit: weeks of vital signs. */
const bundleBodyLimit = 16 * 1024 * 1024;

export function fhirRoutes(router: Router): void {
  router.on(endpoints.propose, ({ ctx, params, body }) => proposeForParticipant(ctx, params.participantId, body), {
    bodyLimit: bundleBodyLimit,
  });
}
