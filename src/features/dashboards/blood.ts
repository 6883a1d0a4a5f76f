import type { CallContext } from '../../kernel/context.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { binMl, binOf, bins, median, tubesVolume } from './blood-volume.ts';
import { addPerSite, cellKey, participantThing, type Tally } from './cells.ts';
import type { BloodVolumes } from './contract.ts';
import { bloodDraws } from './repo.ts';
import { siteList, type DashboardScope } from './scope.ts';

/**
 * Blood drawn per visit (the 40 mL rule): every visit done with blood drawn, its volume as recorded (from its
 * tubes when the record has none), and whether it exceeded the limit of the protocol version it was recorded
 * under.
 */
export async function bloodDashboard(ctx: CallContext, scope: DashboardScope, tally: Tally): Promise<BloodVolumes> {
  const draws = await bloodDraws(scope.db);
  const limitMl = ctx.study.current.samplePlan.maxBloodMlPerVisit;
  const volumes = new Map<string, number[]>();
  const visits = ctx.study.current.visits.visits.map((v) => v.code);
  const measured = draws.flatMap((d) => {
    const plan = protocolVersion(ctx.study, d.protocolVersion).samplePlan;
    const volume = d.volumeMl ?? (d.tubes === null ? null : tubesVolume(d.tubes, plan.tubes));
    return volume === null ? [] : [{ ...d, volume, limit: plan.maxBloodMlPerVisit }];
  });
  for (const d of measured) {
    if (!visits.includes(d.visit)) visits.push(d.visit);
    const thing = participantThing(d, `${d.visit} ${d.volume} mL`);
    addPerSite(tally, 'blood', thing, d.visit, 'drawn');
    addPerSite(tally, 'blood', thing, d.visit, 'bin', binOf(d.volume));
    if (d.volume > d.limit) addPerSite(tally, 'blood', thing, d.visit, 'over');
    for (const key of [`${d.siteId}/${d.visit}`, `all/${d.visit}`]) {
      const list = volumes.get(key) ?? [];
      list.push(d.volume);
      volumes.set(key, list);
    }
  }
  const binList = bins(Math.max(0, ...measured.map((d) => d.volume)), limitMl);
  const sites = [...scope.siteIds, 'all' as const];
  return {
    asOf: scope.now,
    sites: siteList(scope),
    limitMl,
    binMl,
    rows: visits.flatMap((visit) =>
      sites.map((site) => {
        const values = volumes.get(`${site}/${visit}`) ?? [];
        return {
          visit,
          siteId: site === 'all' ? null : site,
          drawn: tally.count(cellKey('blood', site, visit, 'drawn')),
          medianMl: median(values),
          maxMl: values.length === 0 ? null : Math.max(...values),
          histogram: binList.map((fromMl) => ({
            fromMl,
            toMl: fromMl + binMl,
            count: tally.count(cellKey('blood', site, visit, 'bin', fromMl)),
          })),
          overLimit: tally.count(cellKey('blood', site, visit, 'over')),
        };
      }),
    ),
  };
}
