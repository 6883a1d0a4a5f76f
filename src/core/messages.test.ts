import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineMessages, excerpt, excerptLength, paramLength } from './messages.ts';

describe('an excerpt of the input', () => {
  it('keeps a short text whole and cuts a long one, marked with an ellipsis', () => {
    expect(excerpt('EDTA-2')).toBe('EDTA-2');
    expect(excerpt('x'.repeat(200_000))).toBe(`${'x'.repeat(excerptLength)}…`);
    expect(excerpt('abcdef', 3)).toBe('abc…');
  });

  it('never cuts a surrogate pair in two', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const cut = excerpt(text, max);
        expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(cut.length).toBeLessThanOrEqual(max + 1);
      }),
    );
  });
});

describe('a message', () => {
  const messages = defineMessages('test', {
    unknownTube: (p: { tube: string; count: number }) => `unknown tube ${p.tube} (${p.count})`,
  });

  it('carries an excerpt of a text parameter, so no call site can echo a huge input back', () => {
    const message = messages.unknownTube({ tube: 'T'.repeat(200_000), count: 200_000 });
    expect(message.params.tube).toBe(`${'T'.repeat(paramLength)}…`);
    expect(message.params.count).toBe(200_000);
    expect(message.text.length).toBeLessThan(paramLength + 40);
  });
});
