import { ByteWriter, ParquetWriter, type SchemaElement, type Writer } from 'hyparquet-writer';
import type { Cell, Column } from './spec.ts';

/**
 * Parquet output of a table, written incrementally with hyparquet-writer's ParquetWriter: each batch of rows is
 * one row group, handed to `sink` as bytes as soon as it is encoded, so a table of any length takes the memory of
 * one batch. Text, codes, dates and date-times are UTF-8 strings (as in the CSV); integers and 0/1 INT32; numbers
 * DOUBLE; every column is optional (an empty cell is null). The codebook is in the file's key-value metadata.
 */

type Physical = 'STRING' | 'INT32' | 'DOUBLE';

function physical(c: Column): Physical {
  if (c.type === 'integer' || c.type === '0/1') return 'INT32';
  if (c.type === 'number') return 'DOUBLE';
  return 'STRING';
}

export function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((c): SchemaElement => {
      const kind = physical(c);
      if (kind === 'STRING')
        return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' };
      return { name: c.name, type: kind, repetition_type: 'OPTIONAL' };
    }),
  ];
}

/** A cell as the column's physical type: a number that is not whole in an INT32 column, or text in one, is null. */
function value(kind: Physical, cell: Cell): string | number | null {
  if (cell === null) return null;
  if (kind === 'STRING') return String(cell);
  if (typeof cell !== 'number' || !Number.isFinite(cell)) return null;
  if (kind === 'INT32') return Number.isInteger(cell) && Math.abs(cell) <= 2_147_483_647 ? cell : null;
  return cell;
}

export interface ParquetTableWriter {
  /** Writes the rows as one row group (nothing for none). */
  write(rows: readonly (readonly Cell[])[]): Promise<void>;
  finish(): Promise<void>;
}

export function parquetTableWriter(
  columns: readonly Column[],
  sink: (bytes: Uint8Array) => Promise<void> | void,
  metadata: Record<string, string> = {},
): ParquetTableWriter {
  const bytes = new ByteWriter(1 << 16);
  const writer = bytes as unknown as Writer & { index: number };
  // Hand the encoded bytes over after each row group and at the end, and start the buffer again.
  const flush = async () => {
    if (writer.index === 0) return;
    const chunk = new Uint8Array(writer.getBytes());
    writer.index = 0;
    await sink(chunk);
  };
  writer.flush = flush;
  const kinds = columns.map(physical);
  const parquet = new ParquetWriter({
    writer,
    schema: parquetSchema(columns),
    kvMetadata: Object.entries(metadata).map(([key, v]) => ({ key, value: v })),
    createdBy: 'septype',
  });
  return {
    async write(rows) {
      if (rows.length === 0) return;
      const columnData = columns.map((c, j) => ({
        name: c.name,
        data: rows.map((row) => value(kinds[j]!, row[j] ?? null)),
      }));
      await parquet.write({ columnData, rowGroupSize: rows.length });
    },
    async finish() {
      await parquet.finish();
      await flush();
    },
  };
}
