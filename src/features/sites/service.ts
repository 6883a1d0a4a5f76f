import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { claim } from '../../db/claim.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite, requireEverywhere, scopeFor } from '../../kernel/scope.ts';
import { siteMessages } from './messages.ts';
import type { siteCreate, siteUpdate, SiteView } from './contract.ts';
import { findSiteByCode, listSites, siteOf } from './repo.ts';

export function sitesOfCaller(ctx: CallContext): Promise<SiteView[]> {
  return listSites(ctx.database.kysely, scopeFor(ctx, 'site.read').siteIds);
}

export async function getSite(ctx: CallContext, siteId: number): Promise<SiteView> {
  requireAtSite(ctx, 'site.read', siteId);
  return siteOf(ctx.database.kysely, siteId);
}

export async function createSite(ctx: CallContext, input: z.infer<typeof siteCreate>): Promise<SiteView> {
  requireEverywhere(ctx, 'site.manage');
  return inTransaction(ctx, async (trx) => {
    if ((await findSiteByCode(trx, input.code)) !== undefined) {
      throw new AppError('conflict', siteMessages.codeTaken({ code: input.code }), { field: 'code' });
    }
    const row = await trx
      .insertInto('sites')
      .values({
        code: input.code,
        name: input.name,
        time_zone: input.timeZone,
        created_at: ctx.clock.now().toISOString(),
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const site = await siteOf(trx, Number(row.id));
    await audit(ctx, trx, { siteId: site.id, action: 'site.created', entity: 'site', entityId: site.id, after: site });
    return site;
  });
}

export async function updateSite(
  ctx: CallContext,
  siteId: number,
  input: z.infer<typeof siteUpdate>,
): Promise<SiteView> {
  requireEverywhere(ctx, 'site.manage');
  return inTransaction(ctx, async (trx) => {
    await claim(trx, 'sites', siteId);
    const before = await siteOf(trx, siteId);
    const disabledAt =
      input.disabled === undefined
        ? before.disabledAt
        : input.disabled
          ? (before.disabledAt ?? ctx.clock.now().toISOString())
          : null;
    await trx
      .updateTable('sites')
      .set({ name: input.name ?? before.name, time_zone: input.timeZone ?? before.timeZone, disabled_at: disabledAt })
      .where('id', '=', siteId)
      .execute();
    const after = {
      ...before,
      name: input.name ?? before.name,
      timeZone: input.timeZone ?? before.timeZone,
      disabledAt,
    };
    await audit(ctx, trx, { siteId, action: 'site.changed', entity: 'site', entityId: siteId, before, after });
    return after;
  });
}
