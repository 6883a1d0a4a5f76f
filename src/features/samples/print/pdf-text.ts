import type { PDFFont } from 'pdf-lib';

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (set === undefined) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

/**
 * The text with only characters the font can encode, so that no label or manifest fails to print because of
 * one character. pdf-lib's standard fonts (Helvetica) encode WinAnsi only and throw on anything else (≥, ł,
 * Greek, CJK, emoji). Control characters become spaces; a character with a plain form the font has becomes
 * that form (ő → o, full-width Ａ → A, ﬁ → fi); any other becomes "?".
 */
export function encodableText(font: PDFFont, text: string): string {
  const set = characterSet(font);
  const encodable = (value: string) => [...value].every((c) => set.has(c.codePointAt(0) ?? 0));
  let result = '';
  for (const character of text.normalize('NFC')) {
    if (/\p{Cc}/u.test(character)) result += ' ';
    else if (encodable(character)) result += character;
    else {
      // Compatibility decomposition, then the combining marks dropped: the base letters, if the font has them.
      const plain = character.normalize('NFKD').replace(/\p{M}/gu, '');
      result += plain !== '' && encodable(plain) ? plain : '?';
    }
  }
  return result;
}

/**
 * Encodable text cut to a width, ending in "…" where it was cut, so a long value stays in its column instead
 * of running into the next one.
 */
export function fitText(font: PDFFont, text: string, size: number, maxWidth: number): string {
  // No glyph of the standard fonts is narrower than 0.19 em: more characters than this can never fit, and
  // cutting them first keeps a very long value from costing a measurement per character.
  const most = Math.ceil(maxWidth / (size * 0.19)) + 1;
  const safe = encodableText(font, [...text].slice(0, most).join(''));
  if (font.widthOfTextAtSize(safe, size) <= maxWidth) return safe;
  const characters = [...safe];
  let kept = characters.length;
  while (kept > 0 && font.widthOfTextAtSize(`${characters.slice(0, kept).join('')}…`, size) > maxWidth) kept -= 1;
  return kept === 0 ? '' : `${characters.slice(0, kept).join('')}…`;
}
