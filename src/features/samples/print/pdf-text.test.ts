import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodableText, fitText } from './pdf-text.ts';

let font: PDFFont;
beforeAll(async () => {
  font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
});

describe('encodableText', () => {
  it('keeps what WinAnsi has: Latin-1, µ, €, dashes', () => {
    const text = 'NCT-RAD-0042 500 µL € – é ü ß';
    expect(encodableText(font, text)).toBe(text);
  });

  it('replaces what it has not, so drawing never throws', () => {
    const text = encodableText(font, '≥ 5 😀 中文 ł α');
    expect(text).toBe('? 5 ? ?? ? ?');
    expect(() => font.encodeText(text)).not.toThrow();
  });

  it('falls back to the plain letter where there is one, and spaces for control characters', () => {
    expect(encodableText(font, 'Erdős ＡＢ ﬁ')).toBe('Erdos AB fi');
    expect(encodableText(font, 'a\tb\nc')).toBe('a b c');
    // A decomposed é (e + combining acute) is composed first, not stripped to e.
    expect(encodableText(font, 'e\u0301')).toBe('é');
  });
});

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText(font, 'A-000123', 8, 100)).toBe('A-000123');
  });

  it('cuts text that does not fit, marking the cut', () => {
    const cut = fitText(font, 'a very long participant identifier indeed', 8, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(font.widthOfTextAtSize(cut, 8)).toBeLessThanOrEqual(60);
  });

  it('copes with a huge value without measuring every character', () => {
    const started = performance.now();
    expect(font.widthOfTextAtSize(fitText(font, 'i'.repeat(200_000), 8, 60), 8)).toBeLessThanOrEqual(60);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('assumes no glyph narrower than it is', () => {
    const narrowest = Math.min(
      ...font
        .getCharacterSet()
        .map((code) => font.widthOfTextAtSize(String.fromCodePoint(code), 1000))
        .filter((w) => w > 0),
    );
    expect(narrowest / 1000).toBeGreaterThanOrEqual(0.19);
  });
});
