import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { el, escapeAttribute, escapeText, render, textEl, xmlSafe } from './xml.ts';

describe('XML writing', () => {
  it('escapes the special characters of text, and all five in attributes', () => {
    expect(escapeText(`a & b < c > d " e ' f`)).toBe(`a &amp; b &lt; c &gt; d " e ' f`);
    expect(escapeAttribute(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(escapeAttribute('x="1" & y<2')).toBe('x=&quot;1&quot; &amp; y&lt;2');
  });

  it('keeps tabs and line breaks in attributes as character references (a parser would make them spaces)', () => {
    expect(escapeAttribute('one\ttwo\nthree\r')).toBe('one&#9;two&#10;three&#13;');
    expect(escapeText('one\ttwo\nthree')).toBe('one\ttwo\nthree');
  });

  it('drops characters XML 1.0 forbids: control characters, lone surrogates, U+FFFE and U+FFFF', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001Fd\u000Be')).toBe('abcde');
    expect(xmlSafe('x\uD800y\uDC00z')).toBe('xyz');
    expect(xmlSafe('\uFFFE\uFFFFok')).toBe('ok');
    // A surrogate pair (an emoji) is a character XML allows.
    expect(xmlSafe('fever 🤒')).toBe('fever 🤒');
    expect(xmlSafe('tab\tline\ncr\r')).toBe('tab\tline\ncr\r');
  });

  it('never lets any string break out of an attribute or text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const attribute = escapeAttribute(text);
        expect(attribute).not.toMatch(/[<>"'\t\n\r]|&(?!(amp|lt|gt|quot|apos|#9|#10|#13);)/);
        expect(escapeText(text)).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
        // eslint-disable-next-line no-control-regex -- the forbidden characters themselves
        expect(attribute).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      }),
    );
  });

  it('renders elements indented, leaves out absent attributes and children, and writes text inline', () => {
    const tree = el(
      'ItemGroupData',
      { ItemGroupOID: 'IG.f.g', ItemGroupRepeatKey: undefined },
      el('ItemData', { ItemOID: 'I.f.a', Value: 'x & y', IsNull: null }),
      false,
      [textEl('Comment', '<b>')],
    );
    expect(render(tree, 1)).toBe(
      '  <ItemGroupData ItemGroupOID="IG.f.g">\n' +
        '    <ItemData ItemOID="I.f.a" Value="x &amp; y"/>\n' +
        '    <Comment>&lt;b&gt;</Comment>\n' +
        '  </ItemGroupData>\n',
    );
  });
});
