import { describe, expect, it } from 'vitest';
import { readResultFile } from './read-result-file.ts';
import { bytesOf, chunksOf, readWhole, refusal } from './test-files.ts';

const row = (fields: Record<string, unknown>): unknown => expect.objectContaining(fields);

describe('a long result file', () => {
  it('reads ; with decimal commas and a byte-order mark (Excel, Dutch locale)', async () => {
    const file = '\uFEFFSampleID;Analyte;Value;Unit;Plate\nSEP-001;IL-6;12,5;pg/mL;P1\nSEP-001;CRP;1.5E2;mg/L;P1\n';
    const { rows, problems, summary } = await readWhole(file, { format: 'long' });
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        sample: 'SEP-001',
        analyte: 'IL-6',
        value: 12.5,
        qualifier: null,
        unit: 'pg/mL',
        plate: 'P1',
        lod: null,
        qc: null,
        assayQc: null,
        olinkId: null,
        panel: null,
        columns: { sample: 1, analyte: 2, value: 3, unit: 4 },
      },
      row({ line: 3, analyte: 'CRP', value: 150 }),
    ]);
    expect(summary).toEqual({
      lines: 3,
      records: 2,
      rows: 2,
      problems: 0,
      controlsSkipped: 0,
      encoding: 'utf-8-bom',
      separator: ';',
      headers: ['SampleID', 'Analyte', 'Value', 'Unit', 'Plate'],
    });
  });

  it('reads Windows-1252 bytes, with µg/L written as ug/L', async () => {
    const file = bytesOf(
      'Monster;Bepaling;Uitslag;Eenheid\nSEP-002;Ferritine;250,5;\u00B5g/L\nSEP-002;Cr\u00E9at;80;\u00B5mol/L\n',
      'windows-1252',
    );
    const { rows, summary } = await readWhole(file, { format: 'long' });
    expect(rows).toEqual([
      row({ sample: 'SEP-002', analyte: 'Ferritine', value: 250.5, unit: 'ug/L' }),
      row({ analyte: 'Cr\u00E9at', value: 80, unit: 'umol/L' }),
    ]);
    expect(summary.encoding).toBe('windows-1252');
  });

  it('reads comma-separated files with decimal points, and a tab-separated one', async () => {
    const comma = await readWhole('Sample,Test,Result,Units\nS1,IL6,12.5,pg/mL\nS2,IL6,"1,5",pg/mL\n', {
      format: 'long',
    });
    expect(comma.summary.separator).toBe(',');
    expect(comma.rows).toEqual([row({ sample: 'S1', value: 12.5 })]);
    expect(comma.problems).toEqual([row({ line: 3, column: 3, field: 'Result', problem: '"1,5" is not a number' })]);
    const tab = await readWhole('Sample\tTest\tResult\tUnits\nS1\tIL6\t0.25\tpg/mL\n', { format: 'long' });
    expect(tab.rows).toEqual([row({ value: 0.25 })]);
  });

  it('reads qualifiers in the value and in a qualifier column', async () => {
    const file = [
      'SampleID;Analyte;Value;Unit;Qualifier',
      'S1;IL6;<0,5;pg/mL;',
      'S1;IL8;>5000;pg/mL;',
      'S1;IL10;< LOD;pg/mL;',
      'S2;IL6;;pg/mL;<LOD',
      'S2;IL8;5000;pg/mL;>ULOQ',
      'S2;IL10;1,5;pg/mL;<lloq',
      'S3;IL6;<LOD;pg/mL;>ULOQ',
      'S3;IL8;3;pg/mL;high',
    ].join('\n');
    const { rows, problems } = await readWhole(file, { format: 'long' });
    expect(rows.map((r) => [r.line, r.value, r.qualifier])).toEqual([
      [2, 0.5, '<LOD'],
      [3, 5000, '>ULOQ'],
      [4, null, '<LOD'],
      [5, null, '<LOD'],
      [6, 5000, '>ULOQ'],
      [7, 1.5, '<LLOQ'],
    ]);
    expect(problems).toEqual([
      row({
        line: 8,
        column: 5,
        field: 'Qualifier',
        problem: 'the qualifier column says >ULOQ but the value says <LOD',
      }),
      row({ line: 9, column: 5, field: 'Qualifier', key: 'labRead.notAQualifier' }),
    ]);
  });

  it('reports a value that is not a number and a short row with their line and column, and reads on', async () => {
    const file =
      'SampleID;Analyte;Value;Unit\nS1;IL6;12,5,3;pg/mL\nS1;IL8;3\nS1;IL10;1.234,5;pg/mL\nS1;CRP;;mg/L\nS1;PCT;1;mg/L;x\nS2;IL6;7;pg/mL\n';
    const { rows, problems, summary } = await readWhole(file, { format: 'long' });
    expect(problems).toEqual([
      {
        line: 2,
        column: 3,
        field: 'Value',
        problem: '"12,5,3" is not a number',
        key: 'labRead.notANumber',
        params: { text: '12,5,3' },
      },
      row({ line: 3, column: 4, field: 'Unit', problem: 'expected 4 fields, found 3' }),
      row({ line: 4, column: 3, problem: 'ambiguous number "1.234,5": thousands separators are not accepted' }),
      row({ line: 5, column: 3, field: 'Value', problem: 'no value' }),
      row({ line: 6, column: 5, field: 'column 5', problem: 'expected 4 fields, found 5' }),
    ]);
    expect(rows).toEqual([row({ line: 7, sample: 'S2' })]);
    expect(summary).toEqual(expect.objectContaining({ lines: 7, records: 6, rows: 1, problems: 5 }));
  });

  it('takes a unit from the mapping when the file has none, and says which analyte lacks one', async () => {
    const file = 'Barcode,Parameter,Concentration,Eenheid\nS1,IL6,3,\nS1,CRP,4,mg/L\nS1,PCT,5,\n';
    const mapping = { units: { il6: 'pg/mL' } };
    const { rows, problems } = await readWhole(file, { format: 'long', mapping });
    expect(rows.map((r) => [r.analyte, r.unit])).toEqual([
      ['IL6', 'pg/mL'],
      ['CRP', 'mg/L'],
    ]);
    expect(problems).toEqual([row({ line: 4, column: 4, field: 'Eenheid', problem: 'no unit for PCT' })]);
    const noUnitColumn = await readWhole('Sample,Analyte,Value\nS1,IL6,3\n', { format: 'long', mapping });
    expect(noUnitColumn.rows).toEqual([
      row({ unit: 'pg/mL', columns: { sample: 1, analyte: 2, value: 3, unit: null } }),
    ]);
  });

  it('follows a mapping to other headers, case-insensitively', async () => {
    const file = 'Patient barcode;Marker;Result;UNIT\nS1;IL6;3;pg/mL\n';
    const mapping = { sample: 'patient BARCODE ', analyte: 'marker' };
    const { rows } = await readWhole(file, { format: 'long', mapping });
    expect(rows).toEqual([row({ sample: 'S1', analyte: 'IL6', value: 3, unit: 'pg/mL' })]);
  });

  it('refuses a file lacking a required column before yielding any row, naming its role', async () => {
    const missing = await refusal(() => readWhole('SampleID;Value;Unit\nS1;3;pg/mL\n', { format: 'long' }));
    expect(missing).toMatchObject({ name: 'InputError', code: 'invalid_input', field: 'analyte', line: 1 });
    expect(missing.message).toBe('no analyte column: expected one of Analyte, Test, Bepaling, Assay, Parameter');
    const unit = await refusal(() => readWhole('SampleID;Analyte;Value\nS1;IL6;3\n', { format: 'long' }));
    expect(unit).toMatchObject({
      field: 'unit',
      line: 1,
      message: 'no unit column (one of Unit, Units, Eenheid), and the mapping gives no units',
    });
    const mapped = await refusal(() =>
      readWhole('SampleID;Analyte;Value;Unit\n', { format: 'long', mapping: { value: 'Conc' } }),
    );
    expect(mapped).toMatchObject({ field: 'value', message: 'no column "Conc" for the value' });
  });

  it('refuses a header that occurs twice, and an empty file', async () => {
    const twice = await refusal(() => readWhole('SampleID;Analyte;Value;Unit;value\n', { format: 'long' }));
    expect(twice).toMatchObject({
      field: 'header',
      line: 1,
      column: 5,
      message: 'column "value" appears twice (columns 3 and 5)',
    });
    const empty = await refusal(() => readWhole('\n\n', { format: 'long' }));
    expect(empty).toMatchObject({ field: 'file', message: 'the file is empty' });
  });

  it('counts physical lines across CRLF, empty lines, separator-only lines and quoted line breaks', async () => {
    const file =
      'SampleID;Analyte;Value;Unit\r\n\r\nS1;IL6;1;pg/mL\r\n;;;\r\n"S\r\n2";IL6;2;pg/mL\r\nS3;IL6;x;pg/mL\r\n\r\n\r\n';
    const { rows, problems, summary } = await readWhole(file, { format: 'long' });
    expect(rows.map((r) => [r.line, r.sample])).toEqual([
      [3, 'S1'],
      [5, 'S\r\n2'],
    ]);
    expect(problems).toEqual([row({ line: 7, column: 3 })]);
    expect(summary).toEqual(expect.objectContaining({ lines: 7, records: 3 }));
  });

  it('takes a stray quote as it is, and reports an unclosed one at the line it opens', async () => {
    const file = 'SampleID,Analyte,Value,Unit\nS1,IL6,1,pg/mL\n"S2"x,IL6,2,pg/mL\nS3,IL6,"3,pg/mL\nS4,IL6,4,pg/mL\n';
    const { rows, problems } = await readWhole(file, { format: 'long' });
    expect(rows.map((r) => [r.line, r.sample])).toEqual([
      [2, 'S1'],
      [3, '"S2"x'],
    ]);
    expect(problems).toEqual([
      row({
        line: 4,
        column: 3,
        field: 'Value',
        key: 'labRead.unreadableLine',
        problem: expect.stringContaining('Quote Not Closed'),
      }),
    ]);
  });

  it('keeps UTF-8 whole when every chunk is a single byte', async () => {
    const file = 'SampleID;Analyte;Value;Unit\nS\u00E9-1;\u03B2-2M;1,5;\u00B5g/mL\n';
    const { rows, summary } = await readWhole(file, { format: 'long' }, 1);
    expect(rows).toEqual([row({ sample: 'S\u00E9-1', analyte: '\u03B2-2M', value: 1.5, unit: 'ug/mL' })]);
    expect(summary).toEqual(expect.objectContaining({ encoding: 'utf-8', separator: ';' }));
  });

  it('takes an explicit separator over the header line, and refuses an impossible one', async () => {
    const file = 'S;a;m;p;l;e,Analyte,Value,Unit\nx;1,IL6,3,pg/mL\n';
    const mapping = { sample: 'S;a;m;p;l;e' };
    const { rows, summary } = await readWhole(file, { format: 'long', separator: ',', mapping });
    expect(rows).toEqual([row({ sample: 'x;1', analyte: 'IL6', value: 3 })]);
    expect(summary.separator).toBe(',');
    expect(await refusal(() => readWhole(file, { format: 'long', separator: '"' }))).toMatchObject({
      field: 'separator',
    });
  });

  it('streams 50,000 rows in batches of about the batch size, in file order', async () => {
    const lines = ['SampleID;Analyte;Value;Unit'];
    for (let index = 0; index < 50_000; index++)
      lines.push(`S${Math.floor(index / 500)};A${index % 500};${index},5;pg/mL`);
    const bytes = bytesOf(lines.join('\r\n'));
    const { batches, summary } = readResultFile(chunksOf(bytes, 16 * 1024), { format: 'long', batchSize: 1000 });
    let count = 0;
    let sizes = 0;
    let expected = 0;
    for await (const batch of batches) {
      count++;
      sizes = Math.max(sizes, batch.rows.length);
      for (const result of batch.rows) {
        if (result.value !== expected + 0.5 || result.line !== expected + 2)
          throw new Error(`row ${expected} out of order`);
        expected++;
      }
    }
    expect(expected).toBe(50_000);
    expect(count).toBe(50);
    expect(sizes).toBe(1000);
    expect(summary).toEqual(expect.objectContaining({ lines: 50_001, records: 50_000, rows: 50_000, problems: 0 }));
  });
});
