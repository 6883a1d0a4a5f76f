import { describe, expect, it } from 'vitest';
import { geometry, layoutFlow, mainNodes, wrapText, type FlowBox, type FlowNodeInput } from './flow-layout.ts';

const count = (id: string, n: number) => ({ n, cell: `flow/all/${id}` });

function node(id: string, stage: number, parent: string | null, n: number, breakdown: [string, number][] = []) {
  return {
    id,
    stage,
    parent,
    title: id.replace('_', ' '),
    count: count(id, n),
    breakdown: breakdown.map(([key, m]) => ({ key, label: `reason ${key}`, count: count(`${id}/${key}`, m) })),
    reasonsTitle: `No sample at ${id}`,
    groupTitle: 'Consent',
  } satisfies FlowNodeInput;
}

/** The shape the server answers with (src/features/dashboards/flow-assembly.ts). */
const flow: FlowNodeInput[] = [
  node('screened', 0, null, 1000),
  node('eligible', 1, 'screened', 500),
  node('not_eligible', 1, 'screened', 500, [
    ['exclusion:neutropenia', 40],
    ['inclusion:age', 12],
    ['undecided', 0],
  ]),
  node('approached', 2, 'eligible', 450),
  node('not_approached', 2, 'eligible', 50),
  node('enrolled', 3, 'approached', 400),
  node('declined', 3, 'approached', 50),
  node('consent_given', 4, 'enrolled', 380),
  node('consent_refused', 4, 'enrolled', 12),
  node('consent_withdrawn', 4, 'enrolled', 8),
  node('consent_pending', 4, 'enrolled', 0),
  node('visit:D0', 5, 'enrolled', 398, [['missed', 2]]),
  node('visit:D3', 6, 'visit:D0', 300, [
    ['died', 40],
    ['not_yet_due', 0],
  ]),
  node('visit:M12', 7, 'visit:D3', 100, [['not_yet_due', 200]]),
  node('analysed', 8, 'visit:D0', 390),
];

const options = { countText: (n: number) => `n = ${n}`, numberText: (n: number) => String(n) };

function overlap(a: FlowBox, b: FlowBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the STROBE flow layout', () => {
  const layout = layoutFlow(flow, options);
  const box = (key: string) => layout.boxes.find((b) => b.key === key);

  it('runs the flow down one column and puts the rest of each stage at the side', () => {
    expect([...mainNodes(flow)]).toEqual([
      'screened',
      'eligible',
      'approached',
      'enrolled',
      'visit:D0',
      'visit:D3',
      'visit:M12',
      'analysed',
    ]);
    const mains = layout.boxes.filter((b) => b.kind === 'main');
    expect(mains.map((b) => b.key)).toEqual([...mainNodes(flow)]);
    expect(new Set(mains.map((b) => b.x)).size).toBe(1);
    for (const [above, below] of mains.slice(1).map((b, i) => [mains[i], b] as const))
      expect(below.y).toBeGreaterThan((above?.y ?? 0) + (above?.height ?? 0));
    for (const side of layout.boxes.filter((b) => b.kind !== 'main'))
      expect(side.x).toBeGreaterThanOrEqual((mains[0]?.x ?? 0) + geometry.mainWidth);
  });

  it('places a side box between its parent and the next main box, with an arrow off the main line', () => {
    const screened = box('screened');
    const eligible = box('eligible');
    const notEligible = box('not_eligible');
    expect(screened && eligible && notEligible).toBeTruthy();
    if (!screened || !eligible || !notEligible) return;
    expect(notEligible.y).toBeGreaterThan(screened.y + screened.height);
    expect(notEligible.y + notEligible.height).toBeLessThan(eligible.y);
    const arrow = layout.arrows.find((a) => a.to === 'not_eligible');
    const mid = screened.x + screened.width / 2;
    expect(arrow?.points).toEqual([
      [mid, screened.y + screened.height],
      [mid, notEligible.y + notEligible.height / 2],
      [notEligible.x, notEligible.y + notEligible.height / 2],
    ]);
    // The consent outcomes have no main box: enrolled → D0 is one straight arrow past them.
    const enrolled = box('enrolled');
    const d0 = box('visit:D0');
    expect(layout.arrows.find((a) => a.to === 'visit:D0')?.points).toEqual([
      [mid, (enrolled?.y ?? 0) + (enrolled?.height ?? 0)],
      [mid, d0?.y],
    ]);
  });

  it('goes around the boxes a link skips (analysed comes from D0)', () => {
    const arrow = layout.arrows.find((a) => a.to === 'analysed');
    const xs = arrow?.points.map(([x]) => x) ?? [];
    expect(Math.min(...xs)).toBeLessThan(box('analysed')?.x ?? 0);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  it('lists a visit’s reasons for a missing sample beside it, with a dashed connector', () => {
    const reasons = box('visit:D3#reasons');
    expect(reasons?.kind).toBe('reasons');
    expect(reasons?.y).toBe(box('visit:D3')?.y);
    expect(reasons?.lines.map((l) => l.text)).toEqual(['No sample at visit:D3', 'reason died', '40']);
    expect(layout.arrows.find((a) => a.to === 'visit:D3#reasons')?.dashed).toBe(true);
  });

  it('groups a stage of leaves (the consent outcomes) in one box with a dotted connector, not as exclusions', () => {
    const group = box('stage:4');
    expect(group?.kind).toBe('group');
    expect(group?.lines.map((l) => [l.text, l.what])).toEqual([
      ['Consent', null],
      ['consent given', null],
      ['380', 'consent given'],
      ['consent refused', null],
      ['12', 'consent refused'],
      ['consent withdrawn', null],
      ['8', 'consent withdrawn'],
    ]);
    expect(box('consent_given')).toBeUndefined();
    const connector = layout.arrows.find((a) => a.to === 'stage:4');
    expect(connector).toMatchObject({ from: 'enrolled', dashed: true });
    const mid = (group?.y ?? 0) + (group?.height ?? 0) / 2;
    expect(connector?.points).toEqual([
      [(box('enrolled')?.x ?? 0) + geometry.mainWidth / 2, mid],
      [group?.x, mid],
    ]);
    expect(layout.arrows.filter((a) => a.to.startsWith('consent_'))).toEqual([]);
  });

  it('leaves out side nodes and reasons that count nobody', () => {
    expect(box('consent_pending')).toBeUndefined();
    expect(box('not_eligible')?.lines.some((l) => l.text.includes('undecided'))).toBe(false);
  });

  it('keeps every box apart and inside the picture', () => {
    for (const [i, a] of layout.boxes.entries()) {
      for (const b of layout.boxes.slice(i + 1)) expect(overlap(a, b), `${a.key} / ${b.key}`).toBe(false);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const line of a.lines) expect(line.y).toBeLessThan(a.y + a.height);
    }
  });

  it('links every number to its cell, and nothing else', () => {
    const counted = layout.boxes.flatMap((b) => b.lines.filter((l) => l.count !== null));
    expect(counted.every((l) => /^(n = )?\d+$/.test(l.text))).toBe(true);
    const notEligible = box('not_eligible')?.lines.filter((l) => l.count !== null);
    expect(notEligible?.map((l) => [l.text, l.count?.cell])).toEqual([
      ['n = 500', 'flow/all/not_eligible'],
      ['40', 'flow/all/not_eligible/exclusion:neutropenia'],
      ['12', 'flow/all/not_eligible/inclusion:age'],
    ]);
  });

  it('draws an empty flow as just its first box', () => {
    const empty = layoutFlow([node('screened', 0, null, 0)], options);
    expect(empty.boxes).toHaveLength(1);
    expect(empty.arrows).toEqual([]);
  });
});

describe('wrapping a label', () => {
  it('breaks between words, keeps a long word whole, and never returns nothing', () => {
    expect(wrapText('Known chemotherapy-induced or long-term neutropenia', 20)).toEqual([
      'Known',
      'chemotherapy-induced',
      'or long-term',
      'neutropenia',
    ]);
    expect(wrapText('  a  b ', 10)).toEqual(['a b']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});
