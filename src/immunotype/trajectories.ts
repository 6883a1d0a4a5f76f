import { InputError } from '../core/errors.ts';

/**
 * Immunotype trajectories (shared/docs/immunotypes.md §2.6): each participant's immunotype across the visits,
 * the transitions between consecutive visits, the flow (Sankey) data, and persistence of one type over two
 * visits as a derived class of its own. Pure. The visits and their order are the caller's (the protocol's
 * schedule), and the immunotypes are any labels: rule-based, data-driven clusters, or "unclassifiable" when
 * the caller wants it counted.
 */

export interface ImmunotypeObservation {
  studyId: string;
  visit: string;
  immunotype: string;
}

export interface TrajectoryOptions {
  /** The order of the types in tables and Sankey nodes; rows with any other type are refused. Default: sorted. */
  types?: readonly string[];
  /** The type whose persistence is a class of its own. Default `immunoparalysis`. */
  persistentType?: string;
  /** The two visits it must persist over. Default: the first two visits. */
  persistentVisits?: readonly [string, string];
}

export interface ParticipantTrajectory {
  studyId: string;
  /**
   * Visit → immunotype, null when not sampled at that visit; every visit is a key. Read it in the order of
   * `visits`: JavaScript lists integer-like keys ("1", "2") first whatever the insertion order.
   */
  sequence: Record<string, string | null>;
  /** The persistent class: true at both visits, false when a sampled one shows another type, else null. */
  persistent: boolean | null;
}

/** Only participants sampled at both visits are counted; the sampled counts show how many that leaves. */
export interface TransitionTable {
  from: string;
  to: string;
  sampledFrom: number;
  sampledTo: number;
  sampledBoth: number;
  /** Row and column order of `counts`. */
  types: string[];
  /** counts[i][j]: participants of types[i] at `from` and types[j] at `to`. */
  counts: number[][];
}

export interface SankeyNode {
  /** `visit:type`. */
  id: string;
  visit: string;
  immunotype: string;
  count: number;
}

export interface SankeyLink {
  source: string;
  target: string;
  count: number;
}

export interface Trajectories {
  visits: string[];
  types: string[];
  /** Participants sampled at each visit. */
  sampled: Record<string, number>;
  /** Sorted by study id, so that the result does not depend on the order of the rows. */
  participants: ParticipantTrajectory[];
  transitions: TransitionTable[];
  /** Nodes with a count above 0, by visit then type; links between consecutive visits only, above 0. */
  sankey: { nodes: SankeyNode[]; links: SankeyLink[] };
  persistent: {
    /** `persistent immunoparalysis`. */
    name: string;
    type: string;
    visits: [string, string];
    /** Participants sampled at both visits: the denominator. */
    sampledBoth: number;
    count: number;
    studyIds: string[];
  };
}

/**
 * Builds the trajectories from one row per participant and visit. Refused (InputError): fewer than two
 * visits, a visit listed twice, a row at a visit not listed, an empty study id, visit or type, two rows for
 * one participant and visit, a type outside `options.types`, persistence visits not among the visits.
 */
export function buildTrajectories(
  rows: readonly ImmunotypeObservation[],
  visits: readonly string[],
  options: TrajectoryOptions = {},
): Trajectories {
  checkVisits(visits);
  const visitIndex = new Map(visits.map((visit, i) => [visit, i]));
  const byParticipant = new Map<string, (string | null)[]>();
  rows.forEach((row, i) => {
    for (const field of ['studyId', 'visit', 'immunotype'] as const) {
      if (typeof row[field] !== 'string' || row[field] === '') {
        throw new InputError(`rows.${i}.${field}`, `rows.${i}.${field}: a non-empty text is required`);
      }
    }
    const index = visitIndex.get(row.visit);
    if (index === undefined) {
      throw new InputError(`rows.${i}.visit`, `rows.${i}.visit: "${row.visit}" is not one of ${visits.join(', ')}`);
    }
    if (options.types !== undefined && !options.types.includes(row.immunotype)) {
      const message = `rows.${i}.immunotype: "${row.immunotype}" is not one of ${options.types.join(', ')}`;
      throw new InputError(`rows.${i}.immunotype`, message);
    }
    const sequence = byParticipant.get(row.studyId) ?? visits.map(() => null);
    if (sequence[index] !== null) {
      // Two classifications of one sample: which one the trajectory should follow is the caller's decision.
      const message = `rows.${i}: a second row for ${row.studyId} at ${row.visit}`;
      throw new InputError(`rows.${i}`, message);
    }
    sequence[index] = row.immunotype;
    byParticipant.set(row.studyId, sequence);
  });

  const types =
    options.types === undefined ? [...new Set(rows.map((row) => row.immunotype))].sort() : [...options.types];
  const typeIndex = new Map(types.map((type, i) => [type, i]));
  const studyIds = [...byParticipant.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sequences = studyIds.map((id) => byParticipant.get(id) ?? []);

  const persistence = persistenceOf(visits, options);
  const [firstIndex, secondIndex] = persistence.visits.map((visit) => visitIndex.get(visit) ?? -1) as [number, number];
  const isPersistent = (sequence: readonly (string | null)[]): boolean | null => {
    const pair = [sequence[firstIndex] ?? null, sequence[secondIndex] ?? null];
    if (pair.some((type) => type !== null && type !== persistence.type)) return false;
    return pair.every((type) => type === persistence.type) ? true : null;
  };

  const participants = studyIds.map((studyId, p) => {
    const sequence = sequences[p] ?? [];
    return {
      studyId,
      sequence: Object.fromEntries(visits.map((visit, v) => [visit, sequence[v] ?? null])),
      persistent: isPersistent(sequence),
    };
  });

  const sampledAt = (v: number) => sequences.filter((sequence) => sequence[v] !== null).length;
  const transitions = visits.slice(1).map((to, k): TransitionTable => {
    const counts = types.map(() => types.map(() => 0));
    let sampledBoth = 0;
    for (const sequence of sequences) {
      const [a, b] = [sequence[k] ?? null, sequence[k + 1] ?? null];
      if (a === null || b === null) continue;
      sampledBoth += 1;
      // Every type has an index: `types` holds all the rows' types, or the rows were checked against it.
      const [i, j] = [typeIndex.get(a) ?? -1, typeIndex.get(b) ?? -1];
      const row = counts[i];
      if (row !== undefined) row[j] = (row[j] ?? 0) + 1;
    }
    const from = visits[k] ?? '';
    return { from, to, sampledFrom: sampledAt(k), sampledTo: sampledAt(k + 1), sampledBoth, types, counts };
  });

  const persistentIds = participants.filter((p) => p.persistent === true).map((p) => p.studyId);
  return {
    visits: [...visits],
    types,
    sampled: Object.fromEntries(visits.map((visit, v) => [visit, sampledAt(v)])),
    participants,
    transitions,
    sankey: sankeyOf(visits, types, sequences, transitions),
    persistent: {
      name: `persistent ${persistence.type}`,
      type: persistence.type,
      visits: persistence.visits,
      sampledBoth: sequences.filter((s) => (s[firstIndex] ?? null) !== null && (s[secondIndex] ?? null) !== null)
        .length,
      count: persistentIds.length,
      studyIds: persistentIds,
    },
  };
}

function checkVisits(visits: readonly string[]): void {
  if (visits.length < 2) throw new InputError('visits', 'visits: at least two visits make a trajectory');
  const seen = new Set<string>();
  visits.forEach((visit, i) => {
    if (typeof visit !== 'string' || visit === '') {
      throw new InputError(`visits.${i}`, `visits.${i}: a non-empty text is required`);
    }
    if (seen.has(visit)) throw new InputError(`visits.${i}`, `visits.${i}: "${visit}" is listed twice`);
    seen.add(visit);
  });
}

function persistenceOf(
  visits: readonly string[],
  options: TrajectoryOptions,
): { type: string; visits: [string, string] } {
  const type = options.persistentType ?? 'immunoparalysis';
  if (type === '') throw new InputError('persistentType', 'persistentType: must not be empty');
  const [first, second] = options.persistentVisits ?? [visits[0] ?? '', visits[1] ?? ''];
  for (const [i, visit] of [first, second].entries()) {
    if (!visits.includes(visit)) {
      const message = `persistentVisits.${i}: "${visit}" is not one of ${visits.join(', ')}`;
      throw new InputError(`persistentVisits.${i}`, message);
    }
  }
  if (first === second) throw new InputError('persistentVisits', 'persistentVisits: two different visits are needed');
  return { type, visits: [first, second] };
}

/** Node counts are everyone sampled at the visit; links only those sampled at both ends, as in the tables. */
function sankeyOf(
  visits: readonly string[],
  types: readonly string[],
  sequences: readonly (readonly (string | null)[])[],
  transitions: readonly TransitionTable[],
): { nodes: SankeyNode[]; links: SankeyLink[] } {
  const id = (visit: string, type: string) => `${visit}:${type}`;
  const nodes = visits.flatMap((visit, v) =>
    types
      .map((immunotype) => ({
        id: id(visit, immunotype),
        visit,
        immunotype,
        count: sequences.filter((sequence) => sequence[v] === immunotype).length,
      }))
      .filter((node) => node.count > 0),
  );
  const links = transitions.flatMap(({ from, to, counts }) =>
    types.flatMap((a, i) =>
      types
        .map((b, j) => ({ source: id(from, a), target: id(to, b), count: counts[i]?.[j] ?? 0 }))
        .filter((link) => link.count > 0),
    ),
  );
  return { nodes, links };
}
