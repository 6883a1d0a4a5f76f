import { isUtf8 } from 'node:buffer';
import { InputError } from '../../../core/errors.ts';
import { labReadMessages } from './messages.ts';
import type { FileEncoding } from './result-types.ts';

/**
 * The encodings laboratory exports come in: UTF-8, with or without a byte-order mark (Excel writes one), or
 * Windows-1252 (older Windows software; `µ` is the single byte 0xB5).
 */

const bom = [0xef, 0xbb, 0xbf] as const;

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === bom[0] && bytes[1] === bom[1] && bytes[2] === bom[2];
}

function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let index = from; index < bytes.length; index++) if (bytes[index]! >= 0x80) return index;
  return -1;
}

/**
 * Where a UTF-8 sequence cut off by the end of `bytes` starts (the rest may come in the next chunk), or the
 * length when the end is whole. Only the lead byte's length is judged here; isUtf8 judges the rest.
 */
function incompleteTail(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let index = length - 1; index >= 0 && index >= length - 3; index--) {
    const byte = bytes[index]!;
    if (byte < 0x80) return length;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length - index < needed ? index : length;
    }
  }
  return length;
}

/**
 * The encoding of the start of a file: a byte-order mark means UTF-8; bytes that are valid UTF-8 (a sequence cut
 * off at the very end counts as valid: more may follow) mean UTF-8; anything else is Windows-1252. All ASCII
 * reads as UTF-8, which decodes ASCII the same way.
 */
export function detectEncoding(bytes: Uint8Array): FileEncoding {
  if (startsWithBom(bytes)) return 'utf-8-bom';
  return isUtf8(bytes.subarray(0, incompleteTail(bytes))) ? 'utf-8' : 'windows-1252';
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/**
 * Decodes a file chunk by chunk, deciding the encoding at the first bytes that tell: the byte-order mark, else
 * the first non-ASCII bytes (everything before them is ASCII, which both encodings read alike, so nothing
 * read so far has to be read again). UTF-8 passes through as bytes (csv-parse reads UTF-8 bytes itself, and a
 * character cut between chunks stays whole there); Windows-1252 is decoded to text. Bytes further on that are
 * not UTF-8 after all are refused rather than turned into U+FFFD.
 */
export class ChunkDecoder {
  #state: 'start' | 'ascii' | 'utf-8' | 'windows-1252' = 'start';
  #encoding: FileEncoding = 'utf-8';
  /** Bytes held back: the first two (a mark needs three), or a first non-ASCII sequence not yet whole. */
  #held: Uint8Array = new Uint8Array(0);
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  readonly #windows1252 = new TextDecoder('windows-1252');

  get encoding(): FileEncoding {
    return this.#encoding;
  }

  /** The decoded part of a chunk (bytes for UTF-8, text for Windows-1252); empty while bytes are held back. */
  push(chunk: Uint8Array): Uint8Array | string {
    let bytes = concat(this.#held, chunk);
    this.#held = new Uint8Array(0);
    if (this.#state === 'start') {
      if (bytes.length < bom.length && bytes.every((byte, index) => byte === bom[index])) {
        this.#held = bytes.slice();
        return '';
      }
      if (startsWithBom(bytes)) {
        this.#decide('utf-8', 'utf-8-bom');
        bytes = bytes.subarray(bom.length);
      } else this.#state = 'ascii';
    }
    switch (this.#state) {
      case 'ascii':
        return this.#sniff(bytes);
      case 'utf-8':
        this.#validate(bytes, true);
        return bytes;
      case 'windows-1252':
        return this.#windows1252.decode(bytes);
      case 'start':
        throw new Error('unreachable: the start state is left above');
    }
  }

  /** What was held back at the end of the file; throws when the file ends inside a UTF-8 character. */
  end(): Uint8Array | string {
    const held = this.#held;
    this.#held = new Uint8Array(0);
    switch (this.#state) {
      case 'start':
        return held;
      case 'ascii':
        // A non-ASCII sequence cut off by the end of the file is no UTF-8.
        if (held.length > 0) this.#decide('windows-1252', 'windows-1252');
        return held.length > 0 ? this.#windows1252.decode(held) : held;
      case 'utf-8':
        this.#validate(new Uint8Array(0), false);
        return held;
      case 'windows-1252':
        return this.#windows1252.decode(held);
    }
  }

  #sniff(bytes: Uint8Array): Uint8Array | string {
    const first = firstNonAscii(bytes);
    if (first === -1) return bytes;
    const whole = incompleteTail(bytes);
    if (whole <= first) {
      // The only non-ASCII bytes are a sequence cut off by the chunk's end: wait for the rest.
      this.#held = bytes.slice(first);
      return bytes.subarray(0, first);
    }
    if (isUtf8(bytes.subarray(first, whole))) {
      this.#decide('utf-8', 'utf-8');
      this.#validate(bytes, true);
      return bytes;
    }
    this.#decide('windows-1252', 'windows-1252');
    return this.#windows1252.decode(bytes);
  }

  #decide(state: 'utf-8' | 'windows-1252', encoding: FileEncoding): void {
    this.#state = state;
    this.#encoding = encoding;
  }

  #validate(bytes: Uint8Array, stream: boolean): void {
    try {
      this.#utf8.decode(bytes, { stream });
    } catch {
      throw new InputError('file', labReadMessages.notUtf8());
    }
  }
}
