import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../api/biobank-types.ts';
import { bytesToBase64, initialColumns, mappingOf, problemsOf } from './import-file.ts';

const preview = (saved: ImportPreview['saved']): ImportPreview => ({
  headers: ['Monster', 'Bepaling', 'Uitslag', 'Eenheid'],
  rows: [['P1', 'IL-6', '4,5', 'pg/mL']],
  encoding: 'utf-8',
  separator: ';',
  saved,
});
const saved: NonNullable<ImportPreview['saved']> = {
  lab: 'LKCH',
  format: 'long',
  columns: { sample: 'Monster', analyte: 'Bepaling', value: 'Gone', plate: 'Run' },
  analytes: { Interleukine6: 'il6' },
  assay: null,
  updatedAt: '2026-03-01T10:00:00Z',
};

describe('a results file in the import wizard', () => {
  it('is sent as base64, also when large', () => {
    expect(bytesToBase64(new TextEncoder().encode('Sample,Analyte\n'))).toBe(btoa('Sample,Analyte\n'));
    const large = new Uint8Array(100_000).fill(65);
    expect(atob(bytesToBase64(large))).toHaveLength(100_000);
  });

  it("fills in the laboratory's saved columns that the file has", () => {
    expect(initialColumns(preview(saved))).toEqual({
      sample: 'Monster',
      analyte: 'Bepaling',
      value: '',
      unit: '',
      qualifier: '',
    });
    expect(initialColumns(preview(null)).sample).toBe('');
  });

  it('sends the chosen columns over the saved mapping and keeps its analyte names', () => {
    const chosen = { sample: 'Monster', analyte: 'Bepaling', value: 'Uitslag', unit: '', qualifier: '' };
    expect(mappingOf(preview(saved), 'long', chosen)).toEqual({
      columns: { sample: 'Monster', analyte: 'Bepaling', value: 'Uitslag', plate: 'Run' },
      analytes: { Interleukine6: 'il6' },
      assay: null,
    });
    expect(mappingOf(preview(null), 'long', { ...chosen, analyte: '', value: '' })).toEqual({
      columns: { sample: 'Monster' },
      analytes: {},
      assay: null,
    });
    expect(
      mappingOf(preview(null), 'long', { sample: '', analyte: '', value: '', unit: '', qualifier: '' }),
    ).toBeNull();
    // A wide file has no analyte or value column to map.
    expect(mappingOf(preview(null), 'wide', chosen)).toEqual({
      columns: { sample: 'Monster' },
      analytes: {},
      assay: null,
    });
  });

  it('lists the rows of a refused import as the report does', () => {
    expect(problemsOf([{ message: 'unknown sample X', line: 3, column: 1 }, { message: 'empty' }])).toEqual([
      { line: 3, column: 1, problem: 'unknown sample X' },
      { line: 0, column: null, problem: 'empty' },
    ]);
  });
});
