import { describe, expect, it } from 'vitest';
import { readWhole, refusal } from './test-files.ts';

const row = (fields: Record<string, unknown>): unknown => expect.objectContaining(fields);

describe('a wide result file', () => {
  it('reads a row per filled cell, with names and units from the headers, skipping empty cells', async () => {
    const file = [
      'Sample ID;Plate;IL-6 (pg/mL);IL8 [pg/mL];CRP (\u00B5g/L)',
      'SEP-001;P1;12,5;;<0,1',
      'SEP-002;P1;;NA;>ULOQ',
      'SEP-003;P2; ;3;4',
    ].join('\r\n');
    const { rows, problems, summary } = await readWhole(file, { format: 'wide' });
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.sample, r.plate, r.analyte, r.value, r.qualifier, r.unit])).toEqual([
      [2, 'SEP-001', 'P1', 'IL-6', 12.5, null, 'pg/mL'],
      [2, 'SEP-001', 'P1', 'CRP', 0.1, '<LOD', 'ug/L'],
      [3, 'SEP-002', 'P1', 'CRP', null, '>ULOQ', 'ug/L'],
      [4, 'SEP-003', 'P2', 'IL8', 3, null, 'pg/mL'],
      [4, 'SEP-003', 'P2', 'CRP', 4, null, 'ug/L'],
    ]);
    expect(rows[0]!.columns).toEqual({ sample: 1, analyte: 3, value: 3, unit: null });
    expect(rows[1]!.columns).toEqual({ sample: 1, analyte: 5, value: 5, unit: null });
    expect(summary).toEqual(expect.objectContaining({ records: 3, rows: 5 }));
    expect(summary.headers).toEqual(['Sample ID', 'Plate', 'IL-6 (pg/mL)', 'IL8 [pg/mL]', 'CRP (\u00B5g/L)']);
  });

  it('takes units from the mapping, and leaves ignored columns out', async () => {
    const file = 'Barcode,Visit,IL6,TNF (pg/mL)\nS1,D1,3.5,4\n';
    const mapping = { units: { IL6: 'pg/mL', tnf: 'ng/L' }, ignore: ['visit'] };
    const { rows } = await readWhole(file, { format: 'wide', mapping });
    expect(rows.map((r) => [r.analyte, r.value, r.unit])).toEqual([
      ['IL6', 3.5, 'pg/mL'],
      ['TNF', 4, 'ng/L'],
    ]);
  });

  it('reports each bad cell apart, and rows of the wrong length', async () => {
    const file = 'Sample;IL6 (pg/mL);IL8 (pg/mL)\nS1;abc;2\nS2;1\n;;\n;3;4\n';
    const { rows, problems } = await readWhole(file, { format: 'wide' });
    expect(rows).toEqual([row({ sample: 'S1', analyte: 'IL8', value: 2 })]);
    expect(problems).toEqual([
      row({ line: 2, column: 2, field: 'IL6 (pg/mL)', problem: '"abc" is not a number' }),
      row({ line: 3, column: 3, field: 'IL8 (pg/mL)', problem: 'expected 3 fields, found 2' }),
      row({ line: 5, column: 1, field: 'Sample', problem: 'no sample' }),
    ]);
  });

  it('refuses an analyte column without a unit, naming every such column', async () => {
    const error = await refusal(() => readWhole('Sample;Visit;IL6;IL8 (pg/mL);TNF\nS1;D1;1;2;3\n', { format: 'wide' }));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'Visit', line: 1, column: 2 });
    expect(error.message).toBe(
      'no unit for "Visit", "IL6", "TNF": write it in the header ("IL-6 (pg/mL)"), give it in the mapping, or ignore the column',
    );
  });

  it('refuses a file without a sample column or without analyte columns', async () => {
    expect(await refusal(() => readWhole('Patient;IL6 (pg/mL)\n', { format: 'wide' }))).toMatchObject({
      field: 'sample',
    });
    expect(await refusal(() => readWhole('Sample;Plate\n', { format: 'wide' }))).toMatchObject({ field: 'analyte' });
  });
});
