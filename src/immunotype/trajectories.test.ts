import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { buildTrajectories, type ImmunotypeObservation } from './trajectories.ts';

const visits = ['D0', 'D3', 'DIS', 'M3', 'M12'];
const [P, I, M] = ['immunoparalysis', 'intermediate', 'MALS'];

/**
 * Six participants, written as their trajectories ('' = not sampled):
 * A stays immunoparalysed over D0 and D3, then recovers; B goes from MALS to immunoparalysis and dies;
 * C misses D3; D is intermediate throughout but misses M3; E is first sampled at D3; F stays immunoparalysed.
 */
const cohort: Record<string, string[]> = {
  A: [P, P, I, I, I],
  B: [M, P, '', '', ''],
  C: [P, '', I, '', ''],
  D: [I, I, I, '', I],
  E: ['', P, '', '', ''],
  F: [P, P, P, '', ''],
};
const rows: ImmunotypeObservation[] = Object.entries(cohort).flatMap(([studyId, types]) =>
  types.flatMap((immunotype, v) => (immunotype === '' ? [] : [{ studyId, visit: visits[v]!, immunotype }])),
);

const refusal = (build: () => unknown) => {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
};

describe('immunotype trajectories over the visits given', () => {
  const result = buildTrajectories(rows, visits);

  it('gives each participant the sequence over every visit, null where not sampled', () => {
    expect(result.visits).toEqual(visits);
    expect(result.types).toEqual(['MALS', 'immunoparalysis', 'intermediate']);
    expect(result.participants.map((p) => p.studyId)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(result.participants[1]?.sequence).toEqual({ D0: M, D3: P, DIS: null, M3: null, M12: null });
    expect(Object.keys(result.participants[3]?.sequence ?? {})).toEqual(visits);
    expect(result.participants[3]?.sequence).toEqual({ D0: I, D3: I, DIS: I, M3: null, M12: I });
    expect(result.sampled).toEqual({ D0: 5, D3: 5, DIS: 4, M3: 1, M12: 2 });
  });

  it('counts transitions between consecutive visits among those sampled at both, with how many were sampled', () => {
    expect(result.transitions.map((t) => [t.from, t.to, t.sampledFrom, t.sampledTo, t.sampledBoth])).toEqual([
      ['D0', 'D3', 5, 5, 4],
      ['D3', 'DIS', 5, 4, 3],
      ['DIS', 'M3', 4, 1, 1],
      ['M3', 'M12', 1, 2, 1],
    ]);
    // Rows: from MALS, immunoparalysis, intermediate; columns: to the same.
    expect(result.transitions[0]?.counts).toEqual([
      [0, 1, 0],
      [0, 2, 0],
      [0, 0, 1],
    ]);
    expect(result.transitions[1]?.counts).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    for (const table of result.transitions) {
      expect(table.types).toEqual(result.types);
      expect(table.counts.flat().reduce((a, b) => a + b, 0)).toBe(table.sampledBoth);
    }
  });

  it('gives Sankey nodes per visit and type and links between consecutive visits, zeros left out', () => {
    expect(result.sankey.nodes.filter((n) => n.visit === 'D0' || n.visit === 'DIS')).toEqual([
      { id: 'D0:MALS', visit: 'D0', immunotype: M, count: 1 },
      { id: 'D0:immunoparalysis', visit: 'D0', immunotype: P, count: 3 },
      { id: 'D0:intermediate', visit: 'D0', immunotype: I, count: 1 },
      { id: 'DIS:immunoparalysis', visit: 'DIS', immunotype: P, count: 1 },
      { id: 'DIS:intermediate', visit: 'DIS', immunotype: I, count: 3 },
    ]);
    expect(result.sankey.nodes.map((n) => n.id)).not.toContain('D3:MALS');
    expect(result.sankey.links.slice(0, 3)).toEqual([
      { source: 'D0:MALS', target: 'D3:immunoparalysis', count: 1 },
      { source: 'D0:immunoparalysis', target: 'D3:immunoparalysis', count: 2 },
      { source: 'D0:intermediate', target: 'D3:intermediate', count: 1 },
    ]);
    expect(result.sankey.links).toHaveLength(3 + 3 + 1 + 1);
    // No link skips a visit: D's DIS → M12 (M3 not sampled) is not a flow.
    expect(result.sankey.links.some((l) => l.source.startsWith('DIS:') && l.target.startsWith('M12:'))).toBe(false);
    // Each node's visit total is the number sampled there.
    for (const visit of visits) {
      const total = result.sankey.nodes.filter((n) => n.visit === visit).reduce((sum, n) => sum + n.count, 0);
      expect(total).toBe(result.sampled[visit]);
    }
  });

  it('derives persistent immunoparalysis over the first two visits; undecided (null) when one is missing', () => {
    expect(result.persistent).toEqual({
      name: 'persistent immunoparalysis',
      type: P,
      visits: ['D0', 'D3'],
      sampledBoth: 4,
      count: 2,
      studyIds: ['A', 'F'],
    });
    const flags = Object.fromEntries(result.participants.map((p) => [p.studyId, p.persistent]));
    // C (D3 missing) and E (D0 missing) were immunoparalysed when sampled: not a guess either way.
    expect(flags).toEqual({ A: true, B: false, C: null, D: false, E: null, F: true });
  });

  it('does not depend on the order of the rows', () => {
    expect(buildTrajectories([...rows].reverse(), visits)).toEqual(result);
  });
});

describe('options', () => {
  it('takes the persistent type and its two visits as parameters', () => {
    const result = buildTrajectories(rows, visits, { persistentType: I, persistentVisits: ['DIS', 'M12'] });
    expect(result.persistent).toMatchObject({
      name: 'persistent intermediate',
      visits: ['DIS', 'M12'],
      sampledBoth: 2,
      studyIds: ['A', 'D'],
    });
    expect(result.participants.find((p) => p.studyId === 'F')?.persistent).toBe(false);
    expect(result.participants.find((p) => p.studyId === 'C')?.persistent).toBeNull();
  });

  it('uses the given type order, with zero rows and columns for types nobody has', () => {
    const types = [M, P, I, 'unclassifiable'];
    const result = buildTrajectories(rows, visits, { types });
    expect(result.types).toEqual(types);
    expect(result.transitions[0]?.counts).toEqual([
      [0, 1, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(result.sankey.nodes.some((n) => n.immunotype === 'unclassifiable')).toBe(false);
  });

  it('works with any visit names and labels, e.g. data-driven clusters', () => {
    const clusters = [
      { studyId: 'x', visit: 'baseline', immunotype: 'cluster 2' },
      { studyId: 'x', visit: 'week 1', immunotype: 'cluster 1' },
      { studyId: 'y', visit: 'week 1', immunotype: 'cluster 1' },
    ];
    const result = buildTrajectories(clusters, ['baseline', 'week 1'], { persistentType: 'cluster 1' });
    expect(result.transitions).toEqual([
      {
        from: 'baseline',
        to: 'week 1',
        sampledFrom: 1,
        sampledTo: 2,
        sampledBoth: 1,
        types: ['cluster 1', 'cluster 2'],
        counts: [
          [0, 0],
          [1, 0],
        ],
      },
    ]);
    expect(result.persistent).toMatchObject({ visits: ['baseline', 'week 1'], count: 0, sampledBoth: 1 });
  });

  it('handles no rows at all', () => {
    const result = buildTrajectories([], visits);
    expect(result.participants).toEqual([]);
    expect(result.types).toEqual([]);
    expect(result.transitions.every((t) => t.sampledBoth === 0 && t.counts.length === 0)).toBe(true);
    expect(result.sankey).toEqual({ nodes: [], links: [] });
    expect(result.persistent.count).toBe(0);
  });
});

describe('refusals name the field', () => {
  const row = (studyId: string, visit: string, immunotype: string) => ({ studyId, visit, immunotype });

  it.each([
    ['one visit', () => buildTrajectories([], ['D0']), 'visits'],
    ['a visit listed twice', () => buildTrajectories([], ['D0', 'D3', 'D0']), 'visits.2'],
    ['a row at a visit not listed', () => buildTrajectories([row('A', 'D7', P)], visits), 'rows.0.visit'],
    ['an empty study id', () => buildTrajectories([row('A', 'D0', P), row('', 'D0', P)], visits), 'rows.1.studyId'],
    [
      'two rows for one participant and visit',
      () => buildTrajectories([row('A', 'D0', P), row('A', 'D3', P), row('A', 'D0', I)], visits),
      'rows.2',
    ],
    [
      'a type outside the types given',
      () => buildTrajectories([row('A', 'D0', 'x')], visits, { types: [P] }),
      'rows.0.immunotype',
    ],
    [
      'a persistence visit not among the visits',
      () => buildTrajectories(rows, visits, { persistentVisits: ['D0', 'D5'] }),
      'persistentVisits.1',
    ],
    [
      'the same persistence visit twice',
      () => buildTrajectories(rows, visits, { persistentVisits: ['D3', 'D3'] }),
      'persistentVisits',
    ],
  ])('%s', (_what, build, field) => {
    expect(refusal(build).field).toBe(field);
  });
});
