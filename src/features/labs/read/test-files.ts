import { readResultFile } from './read-result-file.ts';
import type { ReadOptions, ReadSummary, ResultRow, RowProblem } from './result-types.ts';

/** For the tests of this folder: files as byte streams, read whole. */

/** The bytes of a text in UTF-8, or of Windows-1252 where every character is one byte (U+0000–U+00FF). */
export function bytesOf(text: string, encoding: 'utf-8' | 'windows-1252' = 'utf-8'): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  return Uint8Array.from(text, (character) => {
    const code = character.charCodeAt(0);
    if (code > 0xff) throw new Error(`${character} is not in the Latin-1 part of Windows-1252`);
    return code;
  });
}

/** A byte stream in chunks of `size` bytes, as a file or an upload delivers it. */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) {
    await Promise.resolve();
    yield bytes.subarray(start, start + size);
  }
}

export interface ReadWhole {
  rows: ResultRow[];
  problems: RowProblem[];
  summary: ReadSummary;
  batches: number;
}

export async function readWhole(
  file: string | Uint8Array,
  options: ReadOptions,
  chunkSize?: number,
): Promise<ReadWhole> {
  const bytes = typeof file === 'string' ? bytesOf(file) : file;
  const { batches, summary } = readResultFile(chunksOf(bytes, chunkSize), options);
  const rows: ResultRow[] = [];
  const problems: RowProblem[] = [];
  let count = 0;
  for await (const batch of batches) {
    rows.push(...batch.rows);
    problems.push(...batch.problems);
    count++;
  }
  return { rows, problems, summary, batches: count };
}

/** What a failing read threw. */
export async function refusal(read: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await read();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('the file was accepted');
}
