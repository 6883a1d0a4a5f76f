import { describe, expect, it } from 'vitest';
import { CollectingTally, CountingTally } from './cells.ts';
import { assembleFlow, missingReason, type FlowInput } from './flow-assembly.ts';

const screening = (
  id: number,
  siteId: number,
  outcome: string,
  extra: Partial<FlowInput['screenings'][number]> = {},
) => ({
  screeningId: id,
  siteId,
  eligible: outcome !== 'not_eligible',
  outcome,
  exclusionsMet: [],
  inclusionFailed: [],
  participant: null,
  ...extra,
});

const input: FlowInput = {
  siteIds: [1, 2],
  screenings: [
    screening(1, 1, 'not_eligible', { exclusionsMet: ['neutropenia'], inclusionFailed: ['age'] }),
    screening(2, 1, 'not_eligible'),
    screening(3, 1, 'eligible'),
    screening(4, 2, 'not_approached'),
    screening(5, 2, 'declined'),
    screening(6, 1, 'enrolled', { participant: { participantId: 10, studyId: 'A-001' } }),
    screening(7, 2, 'enrolled', { participant: { participantId: 11, studyId: 'B-001' } }),
    screening(8, 2, 'destroyed'),
  ],
  participants: [
    {
      participantId: 10,
      studyId: 'A-001',
      siteId: 1,
      consent: 'given',
      state: 'active',
      visits: [
        { visit: 'D0', status: 'done_in_window', bloodDrawn: true },
        { visit: 'D3', status: 'not_yet_due', bloodDrawn: false },
      ],
      analysed: true,
    },
    {
      participantId: 11,
      studyId: 'B-001',
      siteId: 2,
      consent: 'pending',
      state: 'deceased',
      visits: [
        { visit: 'D0', status: 'done_out_of_window', bloodDrawn: false },
        { visit: 'D3', status: 'not_applicable', bloodDrawn: false },
      ],
      analysed: false,
    },
  ],
  visits: [
    { code: 'D0', name: 'Day 0' },
    { code: 'D3', name: 'Day 3' },
  ],
  labels: new Map([['neutropenia', 'Neutropenia']]),
};

describe('the STROBE flow', () => {
  const flow = assembleFlow(input, new CountingTally());
  const node = (id: string) => flow.nodes.find((n) => n.id === id)!;
  const parts = (id: string) => Object.fromEntries(node(id).breakdown.map((b) => [b.key, b.count.n]));

  it('follows the screening log from screened to enrolled', () => {
    expect(
      ['screened', 'not_eligible', 'eligible', 'not_approached', 'approached', 'declined', 'enrolled', 'destroyed'].map(
        (id) => node(id).count.n,
      ),
    ).toEqual([8, 2, 6, 2, 4, 1, 3, 1]);
    expect(node('screened').perSite.map((s) => s.count.n)).toEqual([4, 4]);
    expect(parts('not_eligible')).toEqual({ 'exclusion:neutropenia': 1, 'inclusion:age': 1, undecided: 1 });
    expect(node('not_eligible').breakdown[0]?.label).toBe('Neutropenia');
    expect(parts('not_approached')).toEqual({ not_approached: 1, not_yet: 1 });
  });

  it('gives each participant one place per visit: sampled, or one reason', () => {
    expect(node('consent_given').count.n).toBe(1);
    expect(node('consent_pending').count.n).toBe(1);
    expect(node('visit:D0').count.n).toBe(1);
    expect(parts('visit:D0')).toMatchObject({ no_blood: 1 });
    expect(node('visit:D3').count.n).toBe(0);
    expect(parts('visit:D3')).toMatchObject({ not_yet_due: 1, died: 1 });
    expect(node('analysed').count.n).toBe(1);
    expect(flow.links.find((l) => l.to === 'enrolled')).toMatchObject({ from: 'approached', count: { n: 3 } });
  });

  it('lists in a drill-down exactly what a cell counted', () => {
    const tally = new CollectingTally(node('screened').perSite[1]!.count.cell);
    assembleFlow(input, tally);
    expect(tally.declared).toBe(true);
    expect(tally.rows.map((r) => r.screeningId)).toEqual([4, 5, 7, 8]);
  });
});

describe('the reason for a missing sample', () => {
  it('puts the end of follow-up before a window that can no longer come', () => {
    expect(missingReason({ state: 'deceased' }, { status: 'not_yet_due', bloodDrawn: false })).toBe('died');
    expect(missingReason({ state: 'withdrawn' }, { status: 'not_applicable', bloodDrawn: false })).toBe('withdrawn');
    expect(missingReason({ state: 'deceased' }, { status: 'missed', bloodDrawn: false })).toBe('missed');
    expect(missingReason({ state: 'active' }, { status: 'due', bloodDrawn: false })).toBe('not_yet_due');
    expect(missingReason({ state: 'active' }, { status: 'overdue', bloodDrawn: false })).toBe('overdue');
    expect(missingReason({ state: 'active' }, undefined)).toBe('not_applicable');
    expect(missingReason({ state: 'active' }, { status: 'done_in_window', bloodDrawn: true })).toBeNull();
  });
});
