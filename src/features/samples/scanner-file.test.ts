import { describe, expect, it } from 'vitest';
import { fileError, planLoad, readScannerFile, type LoadContext } from './scanner-file.ts';

describe('reading a scanner file', () => {
  it('takes , ; or tab, a byte-order mark, CR LF, blank lines, and a header in either order', () => {
    const { rows, problems } = readScannerFile('\ufeffPosition;Tube barcode\r\nA1;FR001\r\n\r\nB2;"FR002"\r\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, barcode: 'FR001', position: 'A1', barcodeColumn: 2, positionColumn: 1 },
      { line: 4, barcode: 'FR002', position: 'B2', barcodeColumn: 2, positionColumn: 1 },
    ]);
    const plain = readScannerFile('FR001,A1\nFR002\tB2');
    expect(plain.rows.map((r) => [r.line, r.barcode, r.position])).toEqual([
      [1, 'FR001', 'A1'],
      [2, 'FR002', 'B2'],
    ]);
  });

  it('reports rows with other than two fields, an empty file and an unreadable one, with lines', () => {
    expect(readScannerFile('FR001;A1;extra\nFR002').problems.map((p) => [p.line, p.column, p.message.key])).toEqual([
      [1, 3, 'samples.fileColumns'],
      [2, 1, 'samples.fileColumns'],
    ]);
    expect(readScannerFile('barcode;position\n\n').problems[0]).toMatchObject({
      line: 1,
      message: { key: 'samples.fileEmpty' },
    });
    expect(readScannerFile('FR001;A1\nFR002;"B2\n').problems[0]).toMatchObject({
      line: 2,
      message: { key: 'samples.fileUnreadable' },
    });
  });
});

describe('planning a load', () => {
  const context: LoadContext = {
    box: { rows: 2, columns: 2 },
    aliquots: new Map([
      ['A', { id: 1, status: 'unplaced' }],
      ['B', { id: 2, status: 'stored' }],
      ['C', { id: 3, status: 'used' }],
      ['D', { id: 4, status: 'stored' }],
    ]),
    // D is in B2 and stays out of the file; B is in A2 and moves.
    occupants: new Map([
      ['B2', { id: 4, barcode: 'D' }],
      ['A2', { id: 2, barcode: 'B' }],
    ]),
  };

  it('places each row, letting aliquots of the file move out of places others take', () => {
    const { rows } = readScannerFile('A;A2\nB;A1');
    expect(planLoad(rows, context)).toEqual({
      places: [
        { aliquotId: 1, barcode: 'A', row: 1, column: 2, line: 1 },
        { aliquotId: 2, barcode: 'B', row: 1, column: 1, line: 2 },
      ],
      problems: [],
    });
  });

  it('reports every problem with its line and column', () => {
    const { rows } = readScannerFile(['A;A1', 'X;A2', 'A;B1', 'B;A1', 'C;C1', 'B;B2'].join('\n'));
    const { problems } = planLoad(rows, context);
    expect(problems.map((p) => [p.line, p.column, p.field, p.message.text])).toEqual([
      [2, 1, 'barcode', 'no aliquot X at this site'],
      [3, 1, 'barcode', 'A is on line 1 already'],
      [4, 2, 'position', 'A1 is on line 1 already'],
      [5, 1, 'barcode', 'C is used: it cannot be placed in a box'],
      [5, 2, 'position', 'C1 is outside the box, whose positions run from A1 to B2'],
      [6, 1, 'barcode', 'B is on line 4 already'],
      [6, 2, 'position', 'B2 holds D already'],
    ]);
    const error = fileError(problems);
    expect(error).toMatchObject({ field: 'content', line: 2, column: 1, key: 'samples.fileProblems' });
    expect(error.message).toBe(
      'the file has 7 problem(s), nothing was loaded; the first: line 2: no aliquot X at this site',
    );
    expect(error.details).toHaveLength(7);
  });
});
