import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { toCsv } from '../../core/csv.ts';
import { parquetTableWriter } from '../../interop/tables/parquet.ts';
import type { Cell, Column, TableSpec } from '../../interop/tables/spec.ts';

/**
 * Where the rows of one table go as they are read: a CSV or a Parquet file on a stream (a file, an HTTP answer).
 * Each batch is written at once, waiting for the stream to drain, so memory holds one batch.
 */
export interface TableSink {
  write(rows: readonly (readonly Cell[])[]): Promise<void>;
  /** Ends the stream, once everything is written. */
  end(): Promise<void>;
}

export type TableFormat = 'csv' | 'parquet';

async function put(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function close(out: Writable): Promise<void> {
  out.end();
  await finished(out);
}

/** Through the one CSV writer (src/core/csv.ts): the header first, then each batch. */
export function csvSink(out: Writable, columns: readonly Column[]): TableSink {
  let started = false;
  const header = async () => {
    if (started) return;
    started = true;
    await put(
      out,
      toCsv(
        columns.map((c) => c.name),
        [],
      ),
    );
  };
  return {
    async write(rows) {
      await header();
      if (rows.length === 0) return;
      // The first row stands where toCsv's header goes: a row's cells are written exactly as a header's.
      const [first, ...rest] = rows;
      await put(out, toCsv(first!.map(cellText), rest));
    },
    async end() {
      await header();
      await close(out);
    },
  };
}

const cellText = (cell: Cell): string => (cell === null ? '' : String(cell));

export function parquetSink(out: Writable, table: TableSpec, metadata: Record<string, string>): TableSink {
  const writer = parquetTableWriter(table.columns, (bytes) => put(out, bytes), metadata);
  return {
    write: (rows) => writer.write(rows),
    async end() {
      await writer.finish();
      await close(out);
    },
  };
}

export function sinkFor(
  format: TableFormat,
  out: Writable,
  table: TableSpec,
  metadata: Record<string, string>,
): TableSink {
  return format === 'csv' ? csvSink(out, table.columns) : parquetSink(out, table, metadata);
}
