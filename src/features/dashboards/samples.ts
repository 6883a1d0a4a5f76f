import type { CallContext } from '../../kernel/context.ts';
import { cellKey, type SiteKey } from './cells.ts';
import { aliquotStatuses, type Count, type SampleInventory } from './contract.ts';
import { aliquotCounts, freezerUse } from './repo.ts';
import { siteList, type DashboardScope } from './scope.ts';

/**
 * The sample inventory, counted in SQL (tens of thousands of aliquots on a 400-patient study): aliquots per
 * visit, sample type, site and status; freezer positions and those holding an aliquot. The drill-down reads
 * the aliquots behind a cell with the same filters (drill-down.ts).
 */
export async function samplesDashboard(ctx: CallContext, scope: DashboardScope): Promise<SampleInventory> {
  const [counts, freezers] = [await aliquotCounts(scope.db), await freezerUse(scope.db)];
  const numbers = new Map<string, number>();
  const bump = (key: string, by: number) => numbers.set(key, (numbers.get(key) ?? 0) + by);
  for (const c of counts) {
    for (const site of [c.siteId, 'all'] as const) {
      bump(aliquotCell(site, c.visit, c.sampleType, 'total'), c.n);
      bump(aliquotCell(site, c.visit, c.sampleType, c.status), c.n);
    }
  }
  const count = (cell: string): Count => ({ n: numbers.get(cell) ?? 0, cell });

  const protocol = ctx.study.current;
  const visitOrder = protocol.visits.visits.map((v) => v.code);
  const typeOrder = protocol.samplePlan.sampleTypes.map((t) => t.code);
  const rank = (order: string[], code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  const pairs = [...new Map(counts.map((c) => [`${c.visit}/${c.sampleType}`, c])).values()].sort(
    (a, b) =>
      rank(visitOrder, a.visit) - rank(visitOrder, b.visit) ||
      a.visit.localeCompare(b.visit) ||
      rank(typeOrder, a.sampleType) - rank(typeOrder, b.sampleType) ||
      a.sampleType.localeCompare(b.sampleType),
  );
  const sites = [...scope.siteIds, 'all' as const];
  return {
    asOf: scope.now,
    sites: siteList(scope),
    aliquots: pairs.flatMap(({ visit, sampleType }) =>
      sites.map((site) => ({
        visit,
        sampleType,
        siteId: site === 'all' ? null : site,
        total: count(aliquotCell(site, visit, sampleType, 'total')),
        byStatus: Object.fromEntries(
          aliquotStatuses.map((status) => [status, count(aliquotCell(site, visit, sampleType, status))]),
        ) as SampleInventory['aliquots'][number]['byStatus'],
      })),
    ),
    freezers: freezers.map((f) => ({
      freezerId: f.freezerId,
      name: f.name,
      kind: f.kind,
      siteId: f.siteId,
      positions: f.positions,
      used: { n: f.used, cell: freezerCell(f.freezerId) },
      percent: f.positions === 0 ? null : Math.round((f.used / f.positions) * 1000) / 10,
    })),
  };
}

export function aliquotCell(site: SiteKey, visit: string, sampleType: string, status: string): string {
  return cellKey('samples', site, 'aliquots', visit, sampleType, status);
}

/** A freezer's cell is over the answer's sites: a central freezer may hold the aliquots of several. */
export function freezerCell(freezerId: number): string {
  return cellKey('samples', 'all', 'freezer', freezerId, 'used');
}
