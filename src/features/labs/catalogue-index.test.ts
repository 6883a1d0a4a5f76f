import { describe, expect, it } from 'vitest';
import { assayCatalogue } from '../../protocol/nct07273344/assays.ts';
import { AnalyteIndex, normaliseName, type CatalogueAssay } from './catalogue-index.ts';

const catalogue: CatalogueAssay[] = assayCatalogue.map((a, i) => ({ ...a, id: i + 1, version: 1 }));
const code = (found: ReturnType<AnalyteIndex['resolve']>) =>
  'analyte' in found ? found.analyte.code : found.problem.text;

describe('finding the analyte a laboratory file means', () => {
  it('matches codes, names and aliases whatever their case, spaces, hyphens and underscores', () => {
    const index = AnalyteIndex.forFile(catalogue, 'long');
    expect(['IL-6', 'IL6', 'il_6', 'Interleukine-6', ' il 6 '].map((n) => code(index.resolve(n)))).toEqual(
      Array(5).fill('il6'),
    );
    expect(code(index.resolve('IL-1β'))).toBe('il1b');
    expect(code(index.resolve('Ferritin'))).toBe('ferritin');
  });

  it('keeps Olink NPX apart from concentrations: an Olink file finds only Olink assays, and the others none of them', () => {
    expect(code(AnalyteIndex.forFile(catalogue, 'olink').resolve('IL6'))).toBe('olink_il6');
    expect(code(AnalyteIndex.forFile(catalogue, 'long').resolve('IL6'))).toBe('il6');
    expect(code(AnalyteIndex.forFile(catalogue, 'olink').resolve('Ferritin'))).toBe('unknown analyte "Ferritin"');
  });

  it("uses the laboratory's saved mapping first, and says when it names an analyte outside the assays used", () => {
    const index = AnalyteIndex.forFile(catalogue, 'wide', { analytes: { 'Bepaling 17': 'crp', Oud: 'gone' } });
    expect(code(index.resolve('Bepaling 17'))).toBe('crp');
    expect(code(index.resolve('Oud'))).toMatch(/mapping names analyte "gone"/);
  });

  it('refuses to guess between two assays measuring one name, and can be limited to one assay', () => {
    const twin = { ...catalogue[0]!, id: 99, code: 'cytokines-ella', platform: 'ella' as const };
    const both = [...catalogue, { ...twin, analytes: twin.analytes.map((a) => ({ ...a, code: `ella_${a.code}` })) }];
    expect(code(AnalyteIndex.forFile(both, 'long').resolve('IL-6'))).toMatch(
      /more than one assay \(cytokines-luminex, cytokines-ella\)/,
    );
    expect(code(AnalyteIndex.forFile(both, 'long', { assay: 'cytokines-ella' }).resolve('IL-6'))).toBe('ella_il6');
  });

  it('normalises names for comparison only', () => {
    expect(normaliseName('IL-1 Ra_total.')).toBe('il1ratotal');
  });
});
