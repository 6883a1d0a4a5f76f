import { InputError } from '../../../core/errors.ts';
import { mapColumns } from './columns.ts';
import { type CsvFacts, readCsvRecords } from './csv-records.ts';
import { longRecordReader, type RecordReader } from './long-rows.ts';
import { labReadMessages } from './messages.ts';
import type { FilePreview, PreviewOptions, ReadBatch, ReadOptions, ReadSummary } from './result-types.ts';
import { addProblem } from './row-problems.ts';
import { wideRecordReader } from './wide-rows.ts';

const defaultBatchSize = 5000;
const defaultPreviewRows = 10;

/**
 * Reads a laboratory result file as it streams in, in batches of about `batchSize` rows and row problems, in
 * file order; memory holds one chunk's records and one batch. The header is checked before any row is yielded:
 * a missing column, a duplicate header or a wide analyte column without a unit throws an InputError (as does an
 * empty file or, further on, bytes that break the encoding the start showed). A bad row is a problem in its
 * batch, never an error. `summary` is filled in as the file is read, and complete once the batches are done.
 * The batches can be iterated once.
 */
export function readResultFile(
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions,
): { batches: AsyncIterable<ReadBatch>; summary: ReadSummary } {
  const summary: ReadSummary = {
    lines: 0,
    records: 0,
    rows: 0,
    problems: 0,
    controlsSkipped: 0,
    encoding: 'utf-8',
    separator: options.separator ?? ',',
    headers: [],
  };
  const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize);

  async function* batches(): AsyncGenerator<ReadBatch, void, undefined> {
    let reader: RecordReader | undefined;
    let batch: ReadBatch = { rows: [], problems: [] };
    const take = (full: ReadBatch): ReadBatch => {
      summary.rows += full.rows.length;
      summary.problems += full.problems.length;
      batch = { rows: [], problems: [] };
      return full;
    };
    for await (const block of readCsvRecords(source, options.separator, summary)) {
      const { records, lines } = block;
      for (let index = 0; index < records.length; index++) {
        const record = records[index]!;
        const line = lines[index]!;
        summary.lines = line;
        if (reader === undefined) {
          // A header line csv-parse cannot read is refused by the mapping below as lacking every column.
          summary.headers = Array.isArray(record) ? record.map((header) => header.trim()) : [];
          const layout = mapColumns(summary.headers, options.format, options.mapping, line);
          const decimalComma = options.decimalComma ?? summary.separator === ';';
          reader =
            layout.format === 'wide'
              ? wideRecordReader(layout, decimalComma)
              : longRecordReader(layout, decimalComma, summary);
          continue;
        }
        if (Array.isArray(record)) {
          if (reader(record, line, batch)) summary.records++;
        } else {
          summary.records++;
          const message = labReadMessages.unreadableLine({ reason: record.reason });
          addProblem(batch, summary.headers, record.line, (record.column ?? 1) - 1, message);
        }
        if (batch.rows.length + batch.problems.length >= batchSize) yield take(batch);
      }
    }
    if (reader === undefined) throw new InputError('file', labReadMessages.emptyFile());
    if (batch.rows.length + batch.problems.length > 0) yield take(batch);
  }

  return { batches: batches(), summary };
}

/**
 * The header and the first rows of a file as text, for the mapping step of an import wizard: reads only as far
 * as it needs. The encoding is the one the part read shows (an ASCII start reads as utf-8).
 */
export async function previewResultFile(
  source: AsyncIterable<Uint8Array>,
  options: PreviewOptions = {},
): Promise<FilePreview> {
  const wanted = Math.max(0, options.rows ?? defaultPreviewRows);
  const facts: CsvFacts = { encoding: 'utf-8', separator: options.separator ?? ',' };
  let headers: string[] | undefined;
  const rows: string[][] = [];
  reading: for await (const block of readCsvRecords(source, options.separator, facts)) {
    for (const record of block.records) {
      if (!Array.isArray(record)) continue;
      if (headers === undefined) headers = record.map((header) => header.trim());
      else rows.push(record);
      if (rows.length >= wanted) break reading;
    }
  }
  if (headers === undefined) throw new InputError('file', labReadMessages.emptyFile());
  return { headers, rows, encoding: facts.encoding, separator: facts.separator };
}
