import { describe, expect, it } from 'vitest';
import { ChunkDecoder, detectEncoding } from './encoding.ts';
import { detectSeparator } from './separator.ts';
import { bytesOf } from './test-files.ts';

/** Decodes bytes fed in chunks of `size`, as the reader does, back to text. */
function decodeInChunks(bytes: Uint8Array, size: number): { text: string; encoding: string } {
  const decoder = new ChunkDecoder();
  const pieces: (Uint8Array | string)[] = [];
  for (let start = 0; start < bytes.length; start += size)
    pieces.push(decoder.push(bytes.subarray(start, start + size)));
  pieces.push(decoder.end());
  // UTF-8 passes through as bytes, cut where the chunks were: join runs of bytes before decoding them.
  let text = '';
  let bytesRun: number[] = [];
  for (const piece of pieces) {
    if (typeof piece !== 'string') bytesRun.push(...piece);
    else {
      text += Buffer.from(bytesRun).toString('utf8') + piece;
      bytesRun = [];
    }
  }
  text += Buffer.from(bytesRun).toString('utf8');
  return { text, encoding: decoder.encoding };
}

describe('detectEncoding', () => {
  it('tells UTF-8 by its byte-order mark or its validity, else Windows-1252', () => {
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('utf-8-bom');
    expect(detectEncoding(bytesOf('CRP;\u00B5g/L'))).toBe('utf-8');
    expect(detectEncoding(bytesOf('CRP;\u00B5g/L', 'windows-1252'))).toBe('windows-1252');
    expect(detectEncoding(bytesOf('plain ascii'))).toBe('utf-8');
  });

  it('counts a character cut off at the end as UTF-8 still: the rest may follow', () => {
    const bytes = bytesOf('caf\u00E9');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1))).toBe('utf-8');
  });
});

describe('ChunkDecoder', () => {
  const text = 'SampleID;Unit\nS1;\u00B5g/L\nS2;\u03BCg/L \u20AC \u{1F9EA}\n';

  it('keeps UTF-8 characters whole when chunks cut them, down to one byte a chunk', () => {
    for (const size of [1, 2, 3, 5, 64])
      expect(decodeInChunks(bytesOf(text), size)).toEqual({ text, encoding: 'utf-8' });
  });

  it('drops a byte-order mark, fed a byte at a time too', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]);
    expect(decodeInChunks(bytes, 1)).toEqual({ text, encoding: 'utf-8-bom' });
  });

  it('decodes Windows-1252 once the first non-ASCII byte is no UTF-8, however far into the file', () => {
    const latin = `${'S;1\n'.repeat(5000)}S;\u00B5g/L caf\u00E9\n`;
    expect(decodeInChunks(bytesOf(latin, 'windows-1252'), 1000)).toEqual({ text: latin, encoding: 'windows-1252' });
    expect(decodeInChunks(bytesOf('\u00E9', 'windows-1252'), 1)).toEqual({ text: '\u00E9', encoding: 'windows-1252' });
  });

  it('refuses a file that starts as UTF-8 and turns into Windows-1252', () => {
    const bytes = new Uint8Array([...bytesOf('\u00B5g/L\n'), ...bytesOf('\u00B5g/L\n', 'windows-1252')]);
    expect(() => decodeInChunks(bytes, 4)).toThrow(/not UTF-8/);
  });
});

describe('detectSeparator', () => {
  it('takes the most frequent of ; , and tab outside quotes in the header line', () => {
    expect(detectSeparator('SampleID;Analyte;Value;Unit')).toBe(';');
    expect(detectSeparator('SampleID,Analyte,Value\nS1;A;1;2;3;4')).toBe(',');
    expect(detectSeparator('SampleID\tAnalyte\tValue')).toBe('\t');
    expect(detectSeparator('"Sample;ID","Analyte;name",Value')).toBe(',');
    expect(detectSeparator('\n\nSampleID;Value')).toBe(';');
    expect(detectSeparator('SampleID')).toBe(',');
  });
});
