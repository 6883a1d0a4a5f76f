import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { line, terminalSafeJson, terminalText } from './output.ts';

/** Anything a terminal acts on rather than shows: C0 and C1 controls, DEL, bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const actedOn = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('text from outside on the terminal', () => {
  it.each([
    ['clear screen', 'Eve\u001b[2JSmith', 'EveSmith'],
    ['colours', '\u001b[1;31mred\u001b[0m', 'red'],
    ['alternate screen (private parameters)', 'a\u001b[?1049hb', 'ab'],
    ['cursor up and erase line', 'x\u001b[1A\u001b[2Ky', 'xy'],
    ['a CSI cut short at the end', 'name\u001b[2', 'name'],
    ['a hyperlink (OSC 8, BEL-terminated)', '\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007', 'click'],
    ['a clipboard write (OSC 52, ST-terminated)', 'a\u001b]52;c;ZWNobyBoaQ==\u001b\\b', 'ab'],
    ['a window title never terminated', 'a\u001b]0;owned', 'a'],
    ['a device control string', 'a\u001bP+q544e\u001b\\b', 'ab'],
    ['a reset', 'a\u001bcb', 'ab'],
    ['a character-set switch', 'a\u001b(0b', 'ab'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC', 'a\u009d0;title\u009cb', 'ab'],
    ['a lone ESC', 'a\u001b', 'a'],
    ['bell, backspace, NUL, DEL', 'a\u0007\b\u0000\u007fb', 'ab'],
    ['a right-to-left override', 'invoice\u202egnp.exe', 'invoicegnp.exe'],
    ['bidirectional embeddings and isolates', '\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069x', 'x'],
  ])('removes %s', (_case, value, shown) => {
    expect(terminalText(value)).toBe(shown);
  });

  it.each([
    ['a line break', 'Eve\nadmin\tactive', 'Eve admin active'],
    ['a carriage return, which would overwrite the line', 'good\rEVIL', 'good EVIL'],
    ['CRLF and tabs in a row', 'a\r\n\t\tb', 'a b'],
    ['Unicode line separators', 'a\u2028b\u2029c\u0085d', 'a b c d'],
  ])('keeps a value on its line: %s reads as a space', (_case, value, shown) => {
    expect(terminalText(value)).toBe(shown);
  });

  it('leaves ordinary text of any script as it is', () => {
    const names = 'Zoë Ñandú-Van der Berg, 患者 😀 مريض שלום O’Brien';
    expect(terminalText(names)).toBe(names);
    expect(terminalText(42)).toBe('42');
  });

  it('makes every value in a line inert but keeps the line breaks and tabs the command writes', () => {
    expect(line`${'eve'}\t${'Eve\u001b[2J\nEvil'}\tactive\n${'x'}`).toBe('eve\tEve Evil\tactive\nx');
  });

  it('leaves nothing a terminal acts on, whatever the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        expect(terminalText(value)).not.toMatch(actedOn);
        expect(terminalText(value)).not.toMatch(/[\n\r\t]/);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('JSON on the terminal', () => {
  it('escapes ESC and the other C0 controls, as JSON.stringify does', () => {
    const json = terminalSafeJson({ displayName: 'Eve\u001b[2J\u0007' });
    expect(json).toContain(String.raw`Eve\u001b[2J\u0007`);
    expect(json).not.toContain('\u001b');
  });

  it('also escapes what JSON.stringify leaves raw: DEL, C1 controls, line separators and bidirectional overrides', () => {
    const json = terminalSafeJson(['\u007f\u009b2J\u2028\u202e\u2066'], 0);
    expect(json).toBe(String.raw`["\u007f\u009b2J\u2028\u202e\u2066"]`);
  });

  it('parses back to the same values, and holds nothing a terminal acts on but its own line breaks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = terminalSafeJson({ value, text });
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ value, text })));
        expect(json.replace(/\n/g, '')).not.toMatch(actedOn);
      }),
      { numRuns: 1000 },
    );
  });
});
