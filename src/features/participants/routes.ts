import type { Router } from '../../kernel/router.ts';
import { participantsEndpoints as endpoints } from './contract.ts';
import { recordEvent } from './events.ts';
import { readIdentity, updateIdentity } from './identity.ts';
import { identityReadWatch } from './identity-watch.ts';
import { getParticipant, listParticipants } from './service.ts';

export function participantRoutes(router: Router): void {
  router.on(endpoints.list, async ({ ctx, params }) => ({
    participants: await listParticipants(ctx, params.siteId),
  }));
  router.on(endpoints.get, ({ ctx, params }) => getParticipant(ctx, params.participantId));
  // Limited per signed-in user (src/server/app.ts keys rate limits on the user), and watched per hour.
  const watchIdentityReads = identityReadWatch(router.app);
  router.on(
    endpoints.identity,
    async ({ ctx, params }) => {
      const identity = await readIdentity(ctx, params.participantId);
      await watchIdentityReads(ctx);
      return identity;
    },
    { rateLimit: { max: router.app.config.identityReadsPerMinute, timeWindow: '1 minute' } },
  );
  router.on(endpoints.updateIdentity, ({ ctx, params, body }) => updateIdentity(ctx, params.participantId, body));
  router.on(endpoints.recordEvent, ({ ctx, params, body }) => recordEvent(ctx, params.participantId, body));
}
