import { InputError } from '../../../core/errors.ts';
import { labReadMessages } from './messages.ts';

/** The separators laboratory exports use, in the order that breaks a tie in the header line. */
const candidates = [';', '\t', ','] as const;
const codes = candidates.map((separator) => separator.charCodeAt(0));

/**
 * Finds a file's separator in its header line: the most frequent of `;`, tab and `,` outside quotes (a tie goes
 * to `;`, then tab: a `,` may be a decimal comma in a name). Fed the decoded pieces of the file's start, as
 * bytes or text alike (the characters that matter are ASCII), until the header line has ended.
 */
export class SeparatorSniffer {
  readonly #counts = [0, 0, 0];
  #quoted = false;
  #started = false;
  #done = false;
  /** Characters looked at so far: the caller gives up waiting for a line end at some point. */
  seen = 0;

  /** Looks at the next piece; true once the header line has ended. */
  feed(piece: Uint8Array | string): boolean {
    const length = piece.length;
    const codeAt =
      typeof piece === 'string' ? (index: number) => piece.charCodeAt(index) : (index: number) => piece[index]!;
    for (let index = 0; index < length && !this.#done; index++) {
      const code = codeAt(index);
      if (!this.#quoted && (code === 10 || code === 13)) {
        // Empty lines before the header are skipped, as the parser skips them.
        this.#done = this.#started;
        continue;
      }
      this.#started = true;
      if (code === 34 /* " */) this.#quoted = !this.#quoted;
      else if (!this.#quoted) {
        const candidate = codes.indexOf(code);
        if (candidate !== -1) this.#counts[candidate]!++;
      }
    }
    this.seen += length;
    return this.#done;
  }

  /** A line without any of them is a single column: `,` then, the CSV default. */
  get separator(): string {
    let best = 0;
    for (let index = 1; index < candidates.length; index++) {
      if (this.#counts[index]! > this.#counts[best]!) best = index;
    }
    return this.#counts[best] === 0 ? ',' : candidates[best]!;
  }
}

/** The separator of a header line (see SeparatorSniffer). */
export function detectSeparator(headerLine: string): string {
  const sniffer = new SeparatorSniffer();
  sniffer.feed(headerLine);
  return sniffer.separator;
}

/** A separator given by the caller: one character that is neither a quote nor a line break. */
export function checkSeparator(separator: string): string {
  if (separator.length !== 1 || /["\r\n]/.test(separator)) {
    throw new InputError('separator', labReadMessages.separator({ separator }));
  }
  return separator;
}
