import type { FastifyInstance } from 'fastify';
import { hours } from '../core/clock.ts';
import { participantsEndpoints } from '../features/participants/contract.ts';
import { audit, inTransaction, type AppContext } from '../kernel/context.ts';
import { callContext } from '../kernel/http.ts';

/**
 * Identity reads are limited per user and minute (the route's rate limit); past a number within an hour, the
 * security log gets a `security.identity_read_burst` entry: a site's staff look up the people they phone, and a
 * user reading more than that is worth an administrator's look (a script with their token, a copied list).
 * One entry per user per hour of reading, however long it goes on.
 *
 * Counted in memory, like the rate limits: a restart forgets the last hour (the audit trail keeps every read).
 */
export function installIdentityReadWatch(app: FastifyInstance, appContext: AppContext): void {
  const threshold = appContext.config.identityReadAlertPerHour;
  const window = hours(1);
  const reads = new Map<number, { times: number[]; alertedAt: number | null }>();

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config.endpoint !== participantsEndpoints.identity || reply.statusCode !== 200) {
      return payload;
    }
    const ctx = callContext(appContext, request);
    if (ctx.caller.kind !== 'user') return payload;
    const now = appContext.clock.now().getTime();
    const user = reads.get(ctx.caller.userId) ?? { times: [], alertedAt: null };
    // Only the last threshold + 1 reads matter: whether the oldest of them is within the hour.
    user.times = [...user.times.filter((t) => t > now - window), now].slice(-(threshold + 1));
    reads.set(ctx.caller.userId, user);
    const burst = user.times.length > threshold && (user.alertedAt === null || user.alertedAt <= now - window);
    if (!burst) return payload;
    user.alertedAt = now;
    await inTransaction(ctx, (trx) =>
      audit(ctx, trx, {
        siteId: null,
        action: 'security.identity_read_burst',
        entity: 'user',
        entityId: ctx.caller.kind === 'user' ? ctx.caller.userId : null,
        after: { reads: user.times.length, withinMinutes: 60, threshold },
      }),
    );
    request.log.warn({ userId: ctx.caller.userId, threshold }, 'identity reads past the hourly threshold');
    return payload;
  });
}
