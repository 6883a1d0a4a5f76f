import { describe, expect, it } from 'vitest';
import type { StudyProtocol } from '../../api/types.ts';
import { en } from '../../i18n/en.ts';
import { nl } from '../../i18n/nl.ts';
import {
  breakdownLabel,
  cellHref,
  countText,
  flowInputs,
  flowNodeTitle,
  groupedBySite,
  monthText,
  percentText,
  rowsOf,
  sumOf,
} from './dashboard-text.ts';

const protocol = {
  visits: { visits: [{ code: 'D3', name: 'Day 3' }] },
  samplePlan: { sampleTypes: [{ code: 'pbmc', name: 'PBMC' }] },
} as unknown as StudyProtocol;

describe('the dashboards’ texts and links', () => {
  it('links a count to its rows, in the dashboard’s scope', () => {
    expect(cellHref('flow/all/not_eligible/exclusion%3Acd4', null)).toBe(
      '/dashboards/cells?cell=flow%2Fall%2Fnot_eligible%2Fexclusion%253Acd4',
    );
    expect(cellHref('visits/3/D0/missed', 3)).toBe('/dashboards/cells?cell=visits%2F3%2FD0%2Fmissed&siteId=3');
    const back = new URLSearchParams(cellHref('a/b c&d', null).split('?')[1]);
    expect(back.get('cell')).toBe('a/b c&d');
  });

  it('writes numbers, percentages and months in the language', () => {
    expect(countText(12345, 'en')).toBe('12,345');
    expect(countText(12345, 'nl')).toBe('12.345');
    expect(percentText(87.25, 'en')).toBe('87.3 %');
    expect(percentText(87.25, 'nl')).toBe('87,3 %');
    expect(percentText(null, 'en')).toBe('—');
    expect(monthText('2027-06', 'en')).toBe('Jun 2027');
    expect(monthText('2027-06', 'nl')).toMatch(/^jun\.? 2027$/);
  });

  it('translates flow nodes by id, visits by the protocol’s name, and keeps the server’s label otherwise', () => {
    expect(flowNodeTitle(nl, { id: 'not_eligible', label: 'not eligible' })).toBe('Niet geschikt');
    expect(flowNodeTitle(en, { id: 'visit:D3', label: 'sampled at D3' }, protocol)).toBe('Sampled at Day 3');
    expect(flowNodeTitle(nl, { id: 'visit:M9', label: 'sampled at M9' }, protocol)).toBe('Monster afgenomen bij M9');
    expect(flowNodeTitle(nl, { id: 'something_new', label: 'something new' })).toBe('something new');
  });

  it('translates breakdown parts by key: criteria, reasons, else the server’s label', () => {
    expect(breakdownLabel(nl, { key: 'exclusion:cd4', label: 'Known CD4 count < 400 cells/µL' })).toBe(
      'Bekend CD4-getal < 400 cellen/µL',
    );
    expect(breakdownLabel(en, { key: 'inclusion:age', label: 'inclusion not met: age' })).toBe(
      'Inclusion not met: Age below the minimum',
    );
    expect(breakdownLabel(nl, { key: 'died', label: 'died' })).toBe('Overleden');
    expect(breakdownLabel(nl, { key: 'exclusion:newRule', label: 'A new rule' })).toBe('A new rule');
  });

  it('gives the layout translated nodes, with a heading for a visit’s reasons', () => {
    const count = { n: 1, cell: 'c' };
    const [node] = flowInputs(
      nl,
      [
        {
          id: 'visit:D3',
          label: 'sampled at D3',
          stage: 6,
          parent: 'visit:D0',
          count,
          perSite: [],
          breakdown: [{ key: 'missed', label: 'visit missed', count }],
        },
      ],
      protocol,
    );
    expect(node).toMatchObject({
      title: 'Monster afgenomen bij Day 3',
      reasonsTitle: 'Geen monster bij Day 3',
      breakdown: [{ key: 'missed', label: 'Visite gemist', count }],
    });
  });

  it('picks the rows of all sites or one, and sums counts', () => {
    const rows = [{ siteId: null }, { siteId: 1 }, { siteId: 2 }];
    expect(rowsOf(rows, null)).toEqual([{ siteId: null }]);
    expect(rowsOf(rows, 2)).toEqual([{ siteId: 2 }]);
    expect(
      sumOf([
        { n: 2, cell: 'a' },
        { n: 3, cell: 'b' },
      ]),
    ).toBe(5);
  });
});

describe('the rows of a table over several sites', () => {
  const sites = [{ id: 2 }, { id: 1 }];
  const rows = [
    { key: 'D0', siteId: 1 },
    { key: 'D0', siteId: 2 },
    { key: 'D0', siteId: null },
    { key: 'D3', siteId: null },
    { key: 'D3', siteId: 2 },
  ];

  it('groups by what they are about, the total first, then the sites in the answer’s order', () => {
    expect(groupedBySite(rows, (r) => r.key, sites)).toEqual([
      { key: 'D0', siteId: null },
      { key: 'D0', siteId: 2 },
      { key: 'D0', siteId: 1 },
      { key: 'D3', siteId: null },
      { key: 'D3', siteId: 2 },
    ]);
  });

  it('keeps only the totals for one site', () => {
    expect(groupedBySite(rows, (r) => r.key, [{ id: 1 }])).toEqual([
      { key: 'D0', siteId: null },
      { key: 'D3', siteId: null },
    ]);
  });
});
