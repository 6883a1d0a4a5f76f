import type { CallContext } from '../../kernel/context.ts';
import { visitStatuses } from '../../protocol/visit-status.ts';
import type { Tally } from './cells.ts';
import { assembleCompliance } from './compliance.ts';
import type { VisitCompliance } from './contract.ts';
import { participantsWithStatuses } from './participant-facts.ts';
import { siteList, type DashboardScope } from './scope.ts';

export async function visitsDashboard(ctx: CallContext, scope: DashboardScope, tally: Tally): Promise<VisitCompliance> {
  const details = await participantsWithStatuses(ctx, scope);
  const visits = ctx.study.current.visits.visits.map((v) => ({ code: v.code, name: v.name }));
  // A visit of an earlier protocol version only (an amendment dropped it) still shows.
  for (const p of details) {
    for (const v of p.visits)
      if (!visits.some((known) => known.code === v.visit)) visits.push({ code: v.visit, name: v.name });
  }
  return {
    asOf: scope.now,
    sites: siteList(scope),
    statuses: [...visitStatuses],
    rows: assembleCompliance(details, visits, scope.siteIds, tally),
  };
}
