import { describe, expect, it } from 'vitest';
import { enBiobank } from './en-biobank.ts';
import { nlBiobank } from './nl-biobank.ts';

/** Every text as a path and a sample of it: functions called with numbers and strings for their parameters. */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => (i % 2 === 0 ? 2 : 'x'));
    return [[path, String((value as (...a: unknown[]) => unknown)(...args))]];
  }
  return Object.entries(value as object).flatMap(([key, inner]) => texts(inner, path === '' ? key : `${path}.${key}`));
}

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
