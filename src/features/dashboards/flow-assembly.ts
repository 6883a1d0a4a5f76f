import type { VisitStatus } from '../../protocol/visit-status.ts';
import { addPerSite, cellKey, participantThing, type Counted, type Tally } from './cells.ts';
import type { Flow, FlowNode } from './contract.ts';

/**
 * The STROBE flow from one row per screening and one per participant (docs/dashboards.md "Flow"). Pure: the
 * service reads the rows, this decides where each one counts.
 */

export interface FlowScreening {
  screeningId: number;
  siteId: number;
  eligible: boolean;
  /** not_eligible | eligible | not_approached | approached | declined | enrolled | destroyed */
  outcome: string;
  exclusionsMet: readonly string[];
  inclusionFailed: readonly string[];
  participant: { participantId: number; studyId: string } | null;
}

export interface FlowParticipant {
  participantId: number;
  studyId: string;
  siteId: number;
  /** pending | given | refused | withdrawn (the participant page's consent status). */
  consent: string;
  /** active | withdrawn | deceased | lost_to_follow_up | completed */
  state: string;
  /** The participant's visits: their status, and whether blood was drawn at a visit done. */
  visits: readonly { visit: string; status: VisitStatus; bloodDrawn: boolean }[];
  /** Has a current laboratory result of the day-0 sample visit. */
  analysed: boolean;
}

export interface FlowInput {
  siteIds: readonly number[];
  screenings: readonly FlowScreening[];
  participants: readonly FlowParticipant[];
  /** The visits to show, in protocol order. */
  visits: readonly { code: string; name: string }[];
  /** Labels of exclusion and inclusion codes (the protocol's descriptions). */
  labels: ReadonlyMap<string, string>;
}

/** Why a participant has no sample at a visit, in the order the diagram lists them. */
export const missingReasons = {
  died: 'died',
  withdrawn: 'withdrawn (or consent refused)',
  lost_to_follow_up: 'lost to follow-up',
  missed: 'visit missed',
  overdue: 'window passed, nothing recorded',
  no_blood: 'visit done without blood drawn',
  not_yet_due: 'not yet due (or window open)',
  not_applicable: 'not applicable',
} as const;
export type MissingReason = keyof typeof missingReasons;

export function missingReason(
  participant: Pick<FlowParticipant, 'state'>,
  visit: { status: VisitStatus; bloodDrawn: boolean } | undefined,
): MissingReason | null {
  if (visit === undefined) return 'not_applicable';
  switch (visit.status) {
    case 'done_in_window':
    case 'done_out_of_window':
      return visit.bloodDrawn ? null : 'no_blood';
    case 'missed':
      return 'missed';
    case 'overdue':
      return 'overdue';
    case 'due':
    case 'not_yet_due':
      // The visit page may still wait for a window it cannot place (no day-0 sample before death): the
      // participant's end explains the missing sample better.
      return endOf(participant) ?? 'not_yet_due';
    case 'not_applicable':
      return endOf(participant) ?? 'not_applicable';
  }
}

function endOf(participant: Pick<FlowParticipant, 'state'>): MissingReason | null {
  if (participant.state === 'deceased') return 'died';
  if (participant.state === 'withdrawn') return 'withdrawn';
  if (participant.state === 'lost_to_follow_up') return 'lost_to_follow_up';
  return null;
}

const approachedOutcomes = ['approached', 'declined', 'enrolled', 'destroyed'];
const enrolledOutcomes = ['enrolled', 'destroyed'];
const consentNodes = {
  given: 'consent confirmed',
  refused: 'consent refused',
  withdrawn: 'withdrawn',
  pending: 'consent pending (deferred)',
} as const;

interface NodeSpec {
  id: string;
  label: string;
  stage: number;
  parent: string | null;
  breakdown: { key: string; label: string }[];
}

/** Adds every screening and participant to its cells, then shapes the nodes from the tally. */
export function assembleFlow(input: FlowInput, tally: Tally): Pick<Flow, 'nodes' | 'links'> {
  const node = (id: string, thing: Counted) => addPerSite(tally, 'flow', thing, id);
  const part = (id: string, key: string, thing: Counted) => addPerSite(tally, 'flow', thing, id, key);

  for (const s of input.screenings) {
    const thing: Counted = {
      participantId: s.participant?.participantId ?? null,
      studyId: s.participant?.studyId ?? null,
      siteId: s.siteId,
      screeningId: s.screeningId,
      detail: null,
    };
    node('screened', thing);
    if (!s.eligible) {
      node('not_eligible', thing);
      for (const code of s.exclusionsMet) part('not_eligible', `exclusion:${code}`, thing);
      for (const code of s.inclusionFailed) part('not_eligible', `inclusion:${code}`, thing);
      if (s.exclusionsMet.length + s.inclusionFailed.length === 0) part('not_eligible', 'undecided', thing);
      continue;
    }
    node('eligible', thing);
    if (!approachedOutcomes.includes(s.outcome)) {
      node('not_approached', thing);
      part('not_approached', s.outcome === 'not_approached' ? 'not_approached' : 'not_yet', thing);
      continue;
    }
    node('approached', thing);
    if (s.outcome === 'declined') node('declined', thing);
    if (enrolledOutcomes.includes(s.outcome)) node('enrolled', thing);
    if (s.outcome === 'destroyed') node('destroyed', thing);
  }

  for (const p of input.participants) {
    const thing = participantThing(p);
    const consent = p.consent in consentNodes ? p.consent : 'pending';
    node(`consent_${consent}`, thing);
    for (const visit of input.visits) {
      const reason = missingReason(
        p,
        p.visits.find((v) => v.visit === visit.code),
      );
      const id = `visit:${visit.code}`;
      if (reason === null) node(id, participantThing(p, visit.code));
      else part(id, reason, participantThing(p, visit.code));
    }
    if (p.analysed) node('analysed', thing);
  }

  const exclusionKeys = new Set<string>();
  for (const s of input.screenings) {
    if (s.eligible) continue;
    s.exclusionsMet.forEach((c) => exclusionKeys.add(`exclusion:${c}`));
    s.inclusionFailed.forEach((c) => exclusionKeys.add(`inclusion:${c}`));
  }
  const labelOf = (key: string) => {
    const code = key.slice(key.indexOf(':') + 1);
    return key.startsWith('inclusion:')
      ? `inclusion not met: ${input.labels.get(code) ?? code}`
      : (input.labels.get(code) ?? code);
  };
  const specs: NodeSpec[] = [
    { id: 'screened', label: 'screened', stage: 0, parent: null, breakdown: [] },
    { id: 'eligible', label: 'eligible', stage: 1, parent: 'screened', breakdown: [] },
    {
      id: 'not_eligible',
      label: 'not eligible',
      stage: 1,
      parent: 'screened',
      breakdown: [
        ...[...exclusionKeys].sort().map((key) => ({ key, label: labelOf(key) })),
        { key: 'undecided', label: 'eligibility undecided (information lacking)' },
      ],
    },
    { id: 'approached', label: 'approached (or deferred consent)', stage: 2, parent: 'eligible', breakdown: [] },
    {
      id: 'not_approached',
      label: 'not approached',
      stage: 2,
      parent: 'eligible',
      breakdown: [
        { key: 'not_approached', label: 'not approached (reason recorded)' },
        { key: 'not_yet', label: 'no decision yet' },
      ],
    },
    { id: 'enrolled', label: 'enrolled', stage: 3, parent: 'approached', breakdown: [] },
    { id: 'declined', label: 'declined', stage: 3, parent: 'approached', breakdown: [] },
    ...Object.entries(consentNodes).map(([key, label]) => ({
      id: `consent_${key}`,
      label,
      stage: 4,
      parent: 'enrolled',
      breakdown: [],
    })),
    {
      id: 'destroyed',
      label: 'data destroyed (consent refused or withdrawn)',
      stage: 4,
      parent: 'enrolled',
      breakdown: [],
    },
    ...input.visits.map((visit, i) => ({
      id: `visit:${visit.code}`,
      label: `sampled at ${visit.code}`,
      stage: 5 + i,
      parent: i === 0 ? 'enrolled' : `visit:${input.visits[i - 1]?.code ?? ''}`,
      breakdown: Object.entries(missingReasons).map(([key, label]) => ({ key, label })),
    })),
    {
      id: 'analysed',
      label: 'analysed (a day-0 laboratory result)',
      stage: 5 + input.visits.length,
      parent: input.visits.length === 0 ? 'enrolled' : `visit:${input.visits[0]?.code ?? ''}`,
      breakdown: [],
    },
  ];
  const nodes: FlowNode[] = specs.map((spec) => ({
    id: spec.id,
    label: spec.label,
    stage: spec.stage,
    parent: spec.parent,
    count: tally.count(cellKey('flow', 'all', spec.id)),
    perSite: input.siteIds.map((siteId) => ({ siteId, count: tally.count(cellKey('flow', siteId, spec.id)) })),
    breakdown: spec.breakdown.map((b) => ({ ...b, count: tally.count(cellKey('flow', 'all', spec.id, b.key)) })),
  }));
  const links = nodes.flatMap((n) => (n.parent === null ? [] : [{ from: n.parent, to: n.id, count: n.count }]));
  return { nodes, links };
}
