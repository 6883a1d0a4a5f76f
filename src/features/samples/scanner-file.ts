import { parse, type CsvError } from 'csv-parse/sync';
import { InputError, type ErrorDetail, type Message } from '../../core/errors.ts';
import { positionInBox, type BoxGrid } from './box-rules.ts';
import { sampleMessages } from './messages.ts';
import { positionLabel } from './positions.ts';

/**
 * A box scanner's file: one row per tube, its barcode and its position, `,`, `;` or tab between them (Dutch
 * spreadsheets write `;`), with or without a header line, UTF-8 with or without a byte-order mark. A header
 * names the columns (barcode / tube / code, and position / well / location), in either order; without one the
 * barcode comes first. Pure: reading the file and checking it against the box and what is in it; the service
 * looks the barcodes up and writes.
 */

export interface ScannedRow {
  /** 1-based line in the file. */
  line: number;
  barcode: string;
  position: string;
  /** 1-based columns of the two fields, for messages. */
  barcodeColumn: number;
  positionColumn: number;
}

/** One problem of a file, where it is: all are reported together. */
export interface FileProblem {
  line: number;
  column: number;
  field: 'barcode' | 'position' | 'content';
  message: Message;
}

/** The most rows a file may have: the largest box (26 × 26) several times over. */
export const maxScannedRows = 2000;

const headerNames = { barcode: /barcode|tube|code|^id$|sample/i, position: /pos|well|location|slot/i };

export function readScannerFile(content: string): { rows: ScannedRow[]; problems: FileProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, {
      bom: true,
      delimiter: [',', ';', '\t'],
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const csv = error as CsvError & { lines?: number; column?: number };
    if (typeof csv.code !== 'string') throw error;
    const reason = csv.message.replace(/^[^:]*: /, '');
    return {
      rows: [],
      problems: [
        {
          line: Number(csv.lines ?? 1),
          column: Number(csv.column ?? 0) + 1,
          field: 'content',
          message: sampleMessages.fileUnreadable({ reason }),
        },
      ],
    };
  }
  const [first] = records;
  const header = first === undefined ? undefined : headerOf(first.record);
  const data = header === undefined ? records : records.slice(1);
  const order = header ?? { barcode: 0, position: 1 };
  if (data.length === 0) {
    return { rows: [], problems: [{ line: 1, column: 1, field: 'content', message: sampleMessages.fileEmpty() }] };
  }
  if (data.length > maxScannedRows) {
    const line = data[maxScannedRows]!.info.lines;
    const message = sampleMessages.fileTooLong({ maximum: maxScannedRows });
    return { rows: [], problems: [{ line, column: 1, field: 'content', message }] };
  }
  const rows: ScannedRow[] = [];
  const problems: FileProblem[] = [];
  for (const { record, info } of data) {
    if (record.length !== 2) {
      const column = record.length > 2 ? 3 : 1;
      problems.push({
        line: info.lines,
        column,
        field: 'content',
        message: sampleMessages.fileColumns({ found: record.length }),
      });
      continue;
    }
    rows.push({
      line: info.lines,
      barcode: record[order.barcode] ?? '',
      position: record[order.position] ?? '',
      barcodeColumn: order.barcode + 1,
      positionColumn: order.position + 1,
    });
  }
  return { rows, problems };
}

/** A first line that names both columns is a header; which name is where gives the order. */
function headerOf(record: string[]): { barcode: number; position: number } | undefined {
  if (record.length !== 2) return undefined;
  const position = record.findIndex((name) => headerNames.position.test(name));
  const barcode = record.findIndex((name, i) => i !== position && headerNames.barcode.test(name));
  return position === -1 || barcode === -1 ? undefined : { barcode, position };
}

/** What a barcode of the file is in the database: an aliquot at the box's site. */
export interface KnownAliquot {
  id: number;
  status: string;
}

/** One aliquot's place in the box after the load. */
export interface PlannedPlace {
  aliquotId: number;
  barcode: string;
  row: number;
  column: number;
  line: number;
}

export interface LoadContext {
  box: BoxGrid;
  /** The file's barcodes found at the box's site. */
  aliquots: ReadonlyMap<string, KnownAliquot>;
  /** What is in the box now, by position label ("B7"). */
  occupants: ReadonlyMap<string, { id: number; barcode: string }>;
}

/** Statuses an aliquot can be placed from. */
export const placeable: readonly string[] = ['unplaced', 'stored'];

/**
 * The places a file gives, checked against the box and the inventory, every problem with its line: an unknown
 * barcode, a position that does not read or is outside the box, a barcode or position given twice, an aliquot
 * that cannot be placed (used, destroyed, in transit), and a position held by an aliquot the file does not move.
 */
export function planLoad(
  rows: readonly ScannedRow[],
  context: LoadContext,
): { places: PlannedPlace[]; problems: FileProblem[] } {
  const places: PlannedPlace[] = [];
  const problems: FileProblem[] = [];
  const barcodeLines = new Map<string, number>();
  const positionLines = new Map<string, number>();
  const inFile = new Set(rows.map((row) => row.barcode));
  for (const row of rows) {
    const at = (field: 'barcode' | 'position', message: Message) =>
      problems.push({
        line: row.line,
        column: field === 'barcode' ? row.barcodeColumn : row.positionColumn,
        field,
        message,
      });
    let place: { row: number; column: number } | undefined;
    try {
      place = positionInBox(context.box, row.position);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      at('position', error.asMessage as Message);
    }
    const label = place === undefined ? undefined : positionLabel(place.row, place.column);
    const earlierBarcode = barcodeLines.get(row.barcode);
    if (earlierBarcode !== undefined) {
      at('barcode', sampleMessages.barcodeTwiceInFile({ barcode: row.barcode, line: earlierBarcode }));
    } else barcodeLines.set(row.barcode, row.line);
    if (label !== undefined) {
      const earlierPosition = positionLines.get(label);
      if (earlierPosition !== undefined) {
        at('position', sampleMessages.positionTwiceInFile({ position: label, line: earlierPosition }));
      } else positionLines.set(label, row.line);
      const occupant = context.occupants.get(label);
      if (occupant !== undefined && !inFile.has(occupant.barcode)) {
        at('position', sampleMessages.positionTaken({ position: label, barcode: occupant.barcode }));
      }
    }
    const aliquot = context.aliquots.get(row.barcode);
    if (row.barcode === '') at('barcode', sampleMessages.barcodeFormat());
    else if (aliquot === undefined) at('barcode', sampleMessages.unknownBarcode({ barcode: row.barcode }));
    else if (!placeable.includes(aliquot.status)) {
      at('barcode', sampleMessages.notPlaceable({ barcode: row.barcode, status: aliquot.status }));
    }
    if (aliquot !== undefined && place !== undefined) {
      places.push({ aliquotId: aliquot.id, barcode: row.barcode, ...place, line: row.line });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { places, problems };
}

/** Every problem of a file as one input error: the first is its message and place, all are its details. */
export function fileError(problems: readonly FileProblem[]): InputError {
  const [first] = problems;
  if (first === undefined) throw new Error('fileError needs at least one problem');
  const details: ErrorDetail[] = problems.map((p) => ({
    message: p.message.text,
    field: p.field,
    line: p.line,
    column: p.column,
  }));
  return new InputError(
    'content',
    sampleMessages.fileProblems({ count: problems.length, first: `line ${first.line}: ${first.message.text}` }),
    { line: first.line, column: first.column, details },
  );
}
