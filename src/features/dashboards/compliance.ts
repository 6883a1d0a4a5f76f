import { visitStatuses, type VisitStatus } from '../../protocol/visit-status.ts';
import { addPerSite, cellKey, participantThing, type Tally } from './cells.ts';
import type { VisitCompliance } from './contract.ts';

/**
 * Visit compliance: each participant counts once per visit, under the status the participant page shows
 * (src/protocol/visit-status.ts). Pure.
 */
export interface ComplianceParticipant {
  participantId: number;
  studyId: string;
  siteId: number;
  visits: readonly { visit: string; status: VisitStatus }[];
}

export function assembleCompliance(
  participants: readonly ComplianceParticipant[],
  visits: readonly { code: string; name: string }[],
  siteIds: readonly number[],
  tally: Tally,
): VisitCompliance['rows'] {
  for (const p of participants) {
    for (const v of p.visits) {
      const thing = participantThing(p, v.visit);
      addPerSite(tally, 'visits', thing, v.visit, 'participants');
      addPerSite(tally, 'visits', thing, v.visit, v.status);
    }
  }
  const sites = [...siteIds, 'all' as const];
  return visits.flatMap((visit) =>
    sites.map((site) => ({
      visit: visit.code,
      name: visit.name,
      siteId: site === 'all' ? null : site,
      counts: Object.fromEntries(
        visitStatuses.map((status) => [status, tally.count(cellKey('visits', site, visit.code, status))]),
      ) as VisitCompliance['rows'][number]['counts'],
      participants: tally.count(cellKey('visits', site, visit.code, 'participants')),
    })),
  );
}
