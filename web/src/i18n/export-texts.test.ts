import { describe, expect, it } from 'vitest';
import { textSamples as texts } from './text-samples.ts';
import { enExportTexts } from './en-exports.ts';
import { nlExportTexts } from './nl-exports.ts';

describe('the exports texts', () => {
  const en = new Map(texts(enExportTexts));
  const nl = new Map(texts(nlExportTexts));

  it('exist in Dutch for every English text, and none is empty', () => {
    expect([...nl.keys()]).toEqual([...en.keys()]);
    expect([...en, ...nl].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('are merged into both catalogues', async () => {
    const { en: all } = await import('./en.ts');
    const { nl: alle } = await import('./nl.ts');
    expect(all.exports).toBe(enExportTexts.exports);
    expect(alle.exports).toBe(nlExportTexts.exports);
  });
});
