import { DateTime } from 'luxon';
import { addPerSite, cellKey, participantThing, type Tally } from './cells.ts';
import type { Recruitment } from './contract.ts';
import { monthsBetween, projectCompletion } from './projection.ts';
import { enrolments } from './repo.ts';
import { siteList, type DashboardScope } from './scope.ts';

/**
 * Enrolment per month (UTC) and site, cumulative, against the study's target. Participants whose data were
 * destroyed are no longer counted: nothing is left to link to (the flow counts them apart).
 */
export async function recruitmentDashboard(scope: DashboardScope, target: number, tally: Tally): Promise<Recruitment> {
  const rows = await enrolments(scope.db);
  const monthOf = (at: string) => DateTime.fromISO(at).toUTC().toFormat('yyyy-MM');
  const thisMonth = monthOf(scope.now);
  const first = rows[0] === undefined ? thisMonth : monthOf(rows[0].enrolledAt);
  const months = monthsBetween(first < thisMonth ? first : thisMonth, thisMonth);
  for (const row of rows) {
    const thing = participantThing(row);
    const month = monthOf(row.enrolledAt);
    addPerSite(tally, 'recruitment', thing, 'enrolled');
    addPerSite(tally, 'recruitment', thing, 'month', month);
    for (const later of months) if (later >= month) addPerSite(tally, 'recruitment', thing, 'cumulative', later);
  }
  const today = DateTime.fromISO(scope.now).toUTC().toISODate() ?? scope.now.slice(0, 10);
  const enrolledOn = rows.map((r) => DateTime.fromISO(r.enrolledAt).toUTC().toISODate() ?? r.enrolledAt.slice(0, 10));
  const sites = [...scope.siteIds, 'all' as const];
  return {
    asOf: scope.now,
    sites: siteList(scope),
    target,
    enrolled: tally.count(cellKey('recruitment', 'all', 'enrolled')),
    perSite: scope.siteIds.map((siteId) => ({
      siteId,
      enrolled: tally.count(cellKey('recruitment', siteId, 'enrolled')),
    })),
    months: months.flatMap((month) =>
      sites.map((site) => ({
        month,
        siteId: site === 'all' ? null : site,
        enrolled: tally.count(cellKey('recruitment', site, 'month', month)),
        cumulative: tally.count(cellKey('recruitment', site, 'cumulative', month)),
      })),
    ),
    projection: projectCompletion(enrolledOn, target, today),
  };
}
