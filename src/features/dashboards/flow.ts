import type { CallContext } from '../../kernel/context.ts';
import { protocolVersion } from '../../protocol/study.ts';
import type { Tally } from './cells.ts';
import type { Flow } from './contract.ts';
import { assembleFlow, type FlowParticipant } from './flow-assembly.ts';
import { participantsWithStatuses } from './participant-facts.ts';
import { screeningsForFlow, withResultAt } from './repo.ts';
import { siteList, type DashboardScope } from './scope.ts';

/**
 * The STROBE flow: the screening log, the participants with their visit statuses, and which participants
 * have a day-0 laboratory result ("analysed"). Three reads whatever the cohort's size.
 */
export async function flowDashboard(ctx: CallContext, scope: DashboardScope, tally: Tally): Promise<Flow> {
  const [screenings, details] = [await screeningsForFlow(scope.db), await participantsWithStatuses(ctx, scope)];
  // The day-0 sample visit of each protocol version the participants were enrolled under.
  const day0Of = (version: string) => protocolVersion(ctx.study, version).visits.day0SampleVisit;
  const day0Visits = [...new Set(details.map((p) => day0Of(p.protocolVersion)))];
  const analysed = new Set<string>();
  for (const visit of day0Visits) for (const id of await withResultAt(scope.db, visit)) analysed.add(`${id}/${visit}`);

  const participants: FlowParticipant[] = details.map((p) => ({
    ...p,
    analysed: analysed.has(`${p.participantId}/${day0Of(p.protocolVersion)}`),
  }));
  const protocol = ctx.study.current;
  const visits = protocol.visits.visits.map((v) => ({ code: v.code, name: v.name }));
  for (const p of details) {
    for (const v of p.visits)
      if (!visits.some((known) => known.code === v.visit)) visits.push({ code: v.visit, name: v.name });
  }
  const labels = new Map<string, string>();
  for (const version of Object.values(ctx.study.versions)) {
    for (const rule of version.eligibility.exclusions) {
      labels.set(
        rule.code,
        rule.kind === 'flag' ? rule.description : `corticosteroids over ${rule.thresholdMgKgDay} mg/kg/day`,
      );
    }
  }
  const { nodes, links } = assembleFlow({ siteIds: scope.siteIds, screenings, participants, visits, labels }, tally);
  return { asOf: scope.now, sites: siteList(scope), nodes, links };
}
