import { describe, expect, it } from 'vitest';
import { textSamples as texts } from './text-samples.ts';
import { enAnalysisTexts } from './en-analysis.ts';
import { nlAnalysisTexts } from './nl-analysis.ts';

describe('the analysis texts', () => {
  const en = new Map(texts(enAnalysisTexts));
  const nl = new Map(texts(nlAnalysisTexts));

  it('exist in Dutch for every English text (the keyed maps too), and none is empty', () => {
    expect([...nl.keys()]).toEqual([...en.keys()]);
    expect([...en, ...nl].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('are merged into both catalogues without replacing a text of another page', async () => {
    const { en: all } = await import('./en.ts');
    const { nl: alle } = await import('./nl.ts');
    for (const key of Object.keys(enAnalysisTexts)) {
      expect(all[key as keyof typeof all]).toBe(enAnalysisTexts[key as keyof typeof enAnalysisTexts]);
      expect(alle[key as keyof typeof alle]).toBe(nlAnalysisTexts[key as keyof typeof nlAnalysisTexts]);
    }
  });
});
