import { describe, expect, it } from 'vitest';
import { textSamples as texts } from './text-samples.ts';
import { enBiobank } from './en-biobank.ts';
import { nlBiobank } from './nl-biobank.ts';

describe('the biobank and laboratory texts', () => {
  const en = new Map(texts(enBiobank));
  const nl = new Map(texts(nlBiobank));

  it('exist in Dutch for every English text, and none is empty', () => {
    expect([...nl.keys()]).toEqual([...en.keys()]);
    expect([...en, ...nl].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('are merged into both catalogues without replacing a text of another page', async () => {
    const { en: all } = await import('./en.ts');
    for (const key of Object.keys(enBiobank))
      expect(all[key as keyof typeof all]).toBe(enBiobank[key as keyof typeof enBiobank]);
  });
});
