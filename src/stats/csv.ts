import { InputError } from '../core/errors.ts';

/**
 * A small strict CSV reader for analysis inputs: a header row, comma separators, optional double-quoted
 * fields with "" as an escaped quote, LF or CRLF line ends, an optional trailing newline. An empty cell
 * (quoted or not) is missing (null). Anything else irregular is an error naming the line, because a
 * silently mis-split row would change a survival estimate without anyone noticing.
 */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rowCount: number;
  /** The cells of one column, by header name; null = missing. Throws for an unknown name. */
  column(name: string): readonly (string | null)[];
  /** The 1-based line of the file where data row `row` (0-based) starts, for error messages. */
  line(row: number): number;
}

export function parseCsv(text: string): CsvTable {
  const records = splitRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const first = records[0];
  if (first === undefined) throw new InputError('input', 'the CSV file is empty: it needs a header row');
  const header = first.fields.map((name, i) => {
    if (name === null || name.trim() === '')
      throw new InputError('input', `line ${first.line}: header column ${i + 1} has no name`, { line: first.line });
    return name;
  });
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name))
      throw new InputError(name, `line ${first.line}: column "${name}" appears twice in the header`, {
        line: first.line,
      });
    seen.add(name);
  }
  const rows = records.slice(1);
  for (const row of rows) {
    if (row.fields.length !== header.length)
      throw new InputError(
        'input',
        `line ${row.line}: ${row.fields.length} fields where the header has ${header.length}`,
        { line: row.line },
      );
  }
  return {
    header,
    rowCount: rows.length,
    column(name) {
      const index = header.indexOf(name);
      if (index < 0) throw new InputError(name, `unknown column "${name}"; the columns are ${header.join(', ')}`);
      return rows.map((row) => row.fields[index] ?? null);
    },
    line: (row) => rows[row]?.line ?? 0,
  };
}

interface CsvRecord {
  line: number;
  fields: (string | null)[];
}

/** One pass over the text; quoted fields may span lines, so each record remembers its first line. */
function splitRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: (string | null)[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new InputError('input', `line ${start}: a quoted field is not closed`, { line: start });
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n'))
          throw new InputError('input', `line ${line}: unexpected character after a closing quote`, { line });
      } else {
        const begin = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"')
            throw new InputError('input', `line ${line}: a quote inside an unquoted field (quote the whole field)`, {
              line,
            });
          i++;
        }
        if (text[i] === '\r' && text[i + 1] !== '\n')
          throw new InputError('input', `line ${line}: a carriage return that does not end the line`, { line });
        value = text.slice(begin, i);
      }
      fields.push(value === '' ? null : value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
  }
  // A blank line parses as one empty field: allowed only at the end (trailing newlines), an error inside.
  while (records.length > 0 && isBlank(records[records.length - 1]!)) records.pop();
  const blank = records.find(isBlank);
  if (blank !== undefined && records.length > 0 && records[0]!.fields.length > 1)
    throw new InputError('input', `line ${blank.line}: an empty line inside the data`, { line: blank.line });
  return records;
}

const isBlank = (record: CsvRecord): boolean => record.fields.length === 1 && record.fields[0] === null;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a column as numbers (NaN = missing). Only plain decimal numbers with a `.` are accepted: "1,5",
 * "NA", "Inf" or " 3" are errors naming the line and column, not silently missing values.
 */
export function numericColumn(table: CsvTable, name: string): Float64Array {
  const cells = table.column(name);
  const out = new Float64Array(cells.length);
  cells.forEach((cell, row) => {
    if (cell === null) {
      out[row] = Number.NaN;
      return;
    }
    const value = NUMBER.test(cell) ? Number(cell) : Number.NaN;
    if (!Number.isFinite(value))
      throw new InputError(name, `line ${table.line(row)}, column "${name}": "${cell}" is not a number`, {
        line: table.line(row),
        column: table.header.indexOf(name) + 1,
      });
    out[row] = value;
  });
  return out;
}
