import { finished } from 'node:stream/promises';
import { CsvError, Parser } from 'csv-parse';
import { InputError } from '../../../core/errors.ts';
import { ChunkDecoder } from './encoding.ts';
import { labReadMessages } from './messages.ts';
import type { FileEncoding } from './result-types.ts';
import { checkSeparator, SeparatorSniffer } from './separator.ts';

/** A line csv-parse could not read (a stray quote): a problem of that line, not of the whole file. */
export interface CsvSyntaxProblem {
  readonly line: number;
  /** 1-based, where csv-parse knows it. */
  readonly column: number | null;
  readonly reason: string;
}

/** The records of one chunk of the file, in file order, with the line each starts on. */
export interface RecordBlock {
  readonly records: (string[] | CsvSyntaxProblem)[];
  readonly lines: number[];
}

/** What the reading finds out about the file, filled in as it becomes known. */
export interface CsvFacts {
  encoding: FileEncoding;
  separator: string;
}

/** How far to look for the end of the header line before settling on a separator without it. */
const headerLimit = 1 << 20;

/**
 * csv-parse's streaming parser, handing each record with the line it starts on to the reader instead of its
 * readable side. Its `info` option snapshots the whole info object for every record (measured: it doubles the
 * parse time of a million rows, 2.5 → 5.6 s); the live counters in `parser.info` are read here as each record
 * is pushed, which costs nothing. A record starts on the line after the previous one, past skipped empty lines;
 * `info.lines` is where it ends, except that csv-parse counts a CRLF inside a quoted field as two lines, which
 * is made up for here (only records spanning lines are looked at again).
 */
class RecordParser extends Parser {
  readonly #current: () => RecordBlock;
  #lastLine = 0;
  #lastEmpty = 0;
  /** How many lines csv-parse has counted too many. */
  #overcount = 0;

  constructor(separator: string, current: () => RecordBlock) {
    super({
      delimiter: separator,
      // Wrong field counts are problems of their line, found by the readers. A stray quote is taken as it is
      // (strict parsing loses its place after one and swallows the lines that follow).
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      skip_empty_lines: true,
    });
    this.#current = current;
    this.on('skip', (error: CsvError | undefined) => {
      const line = this.#startLine(null);
      const column = typeof error?.column === 'number' ? error.column + 1 : null;
      this.#current().records.push({ line, column, reason: error?.message ?? 'unreadable line' });
      this.#current().lines.push(line);
    });
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(chunk, encoding);
    const line = this.#startLine(chunk as string[]);
    const block = this.#current();
    block.records.push(chunk as string[]);
    block.lines.push(line);
    return true;
  }

  #startLine(fields: readonly string[] | null): number {
    const { lines, empty_lines } = this.info;
    const start = this.#lastLine + 1 + empty_lines - this.#lastEmpty;
    this.#lastEmpty = empty_lines;
    let end = lines - this.#overcount;
    if (end > start && fields !== null) {
      const counted = end;
      end = start + lineBreaks(fields);
      this.#overcount += counted - end;
    }
    this.#lastLine = Math.max(start, end);
    return start;
  }
}

/** The line breaks inside a record's fields (CRLF, LF or CR each count once). */
function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let index = 0; index < field.length; index++) {
      const code = field.charCodeAt(index);
      if (code === 10 || (code === 13 && field.charCodeAt(index + 1) !== 10)) count++;
    }
  }
  return count;
}

/**
 * The records of a CSV byte stream, a block per chunk read: decoded (ChunkDecoder), split with csv-parse at the
 * given separator or the one the header line shows (SeparatorSniffer). Only one chunk's records are held at a
 * time. `facts` tells the encoding and separator as soon as they are known.
 */
export async function* readCsvRecords(
  source: AsyncIterable<Uint8Array>,
  separator: string | undefined,
  facts: CsvFacts,
): AsyncGenerator<RecordBlock, void, undefined> {
  const decoder = new ChunkDecoder();
  const sniffer = new SeparatorSniffer();
  let block: RecordBlock = { records: [], lines: [] };
  let parser: RecordParser | undefined;
  let waiting: (Uint8Array | string)[] = [];

  const start = (chosen: string): RecordParser => {
    facts.separator = chosen;
    const started = new RecordParser(chosen, () => block);
    // Errors are taken from `parser.errored` after each write; without a listener one would crash the process.
    started.on('error', () => undefined);
    parser = started;
    for (const piece of waiting) write(started, piece);
    waiting = [];
    return started;
  };
  const feed = (piece: Uint8Array | string): void => {
    if (piece.length === 0) return;
    if (parser !== undefined) return write(parser, piece);
    waiting.push(piece);
    if (sniffer.feed(piece) || sniffer.seen > headerLimit) start(sniffer.separator);
  };

  if (separator !== undefined) start(checkSeparator(separator));
  try {
    for await (const chunk of source) {
      feed(decoder.push(chunk));
      facts.encoding = decoder.encoding;
      if (block.records.length > 0) {
        yield block;
        block = { records: [], lines: [] };
      }
    }
    feed(decoder.end());
    facts.encoding = decoder.encoding;
    const last = parser ?? start(sniffer.separator);
    last.end();
    await finished(last, { readable: false }).catch((error: unknown) => {
      throw asInputError(error);
    });
    if (block.records.length > 0) yield block;
  } finally {
    parser?.destroy();
  }
}

function write(parser: RecordParser, piece: Uint8Array | string): void {
  parser.write(piece);
  if (parser.errored !== null) throw asInputError(parser.errored);
}

function asInputError(error: unknown): Error {
  if (!(error instanceof CsvError)) return error instanceof Error ? error : new Error(String(error));
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  return new InputError('file', labReadMessages.notCsv({ reason: error.message }), { line });
}
