import { hours } from '../../core/clock.ts';
import { audit, inTransaction, type AppContext, type CallContext } from '../../kernel/context.ts';

/**
 * Identity reads are limited per user and minute (the route's rate limit); past a number within an hour, the
 * security log gets a `security.identity_read_burst` entry: a site's staff look up the people they phone, and a
 * user reading more than that is worth an administrator's look (a script with their token, a copied list).
 * One entry per user per hour of reading, however long it goes on.
 *
 * Counted in memory, like the rate limits: a restart forgets the last hour (the audit trail keeps every read).
 */
export function identityReadWatch(app: AppContext): (ctx: CallContext) => Promise<void> {
  const threshold = app.config.identityReadAlertPerHour;
  const window = hours(1);
  const reads = new Map<number, { times: number[]; alertedAt: number | null }>();

  return async (ctx) => {
    if (ctx.caller.kind !== 'user') return;
    const { userId } = ctx.caller;
    const now = ctx.clock.now().getTime();
    const user = reads.get(userId) ?? { times: [], alertedAt: null };
    // Only the last threshold + 1 reads matter: whether the oldest of them is within the hour.
    user.times = [...user.times.filter((t) => t > now - window), now].slice(-(threshold + 1));
    reads.set(userId, user);
    const burst = user.times.length > threshold && (user.alertedAt === null || user.alertedAt <= now - window);
    if (!burst) return;
    user.alertedAt = now;
    await inTransaction(ctx, (trx) =>
      audit(ctx, trx, {
        siteId: null,
        action: 'security.identity_read_burst',
        entity: 'user',
        entityId: userId,
        after: { reads: user.times.length, withinMinutes: 60, threshold },
      }),
    );
    ctx.logger.warn({ userId, threshold }, 'identity reads past the hourly threshold');
  };
}
