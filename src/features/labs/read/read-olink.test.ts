import { describe, expect, it } from 'vitest';
import { previewResultFile } from './read-result-file.ts';
import { bytesOf, chunksOf, readWhole, refusal } from './test-files.ts';

const row = (fields: Record<string, unknown>): unknown => expect.objectContaining(fields);

/** The column set of an Olink Explore export (docs/reference-data.md), with the extra columns that are ignored. */
const header =
  'SampleID;Index;OlinkID;UniProt;Assay;MissingFreq;Panel;Panel_Lot_Nr;PlateID;QC_Warning;LOD;NPX;SampleType;Assay_Warning;Normalization';
const line = (sample: string, assay: string, npx: string, lod: string, qc: string, type = 'SAMPLE', assayQc = 'PASS') =>
  `${sample};1;OID0${assay.length}482;P05231;${assay};0,1;Inflammation;B04414;Plate1;${qc};${lod};${npx};${type};${assayQc};Intensity`;

describe('an Olink NPX export', () => {
  it('reads NPX rows, leaves controls out and counts them, flags NPX below LOD and normalises QC', async () => {
    const file = [
      header,
      line('SEP-001', 'IL6', '3,25', '1,1', 'Pass'),
      line('SEP-001', 'IL8', '0,75', '1,1', 'WARN', 'SAMPLE', 'WARN'),
      line('CONTROL_1', 'IL6', '5', '1,1', 'PASS', 'SAMPLE_CONTROL'),
      line('NEG', 'IL6', '0,2', '1,1', 'PASS', 'NEGATIVE_CONTROL'),
      line('PC', 'IL6', '7', '1,1', 'PASS', 'PLATE_CONTROL'),
      line('SEP-002', 'IL6', '2', 'NA', 'Fail'),
    ].join('\n');
    const { rows, problems, summary } = await readWhole(file, { format: 'olink' });
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        sample: 'SEP-001',
        analyte: 'IL6',
        value: 3.25,
        qualifier: null,
        unit: 'NPX',
        plate: 'Plate1',
        lod: 1.1,
        qc: 'pass',
        assayQc: 'pass',
        olinkId: 'OID03482',
        panel: 'Inflammation',
        columns: { sample: 1, analyte: 5, value: 12, unit: null },
      },
      row({ line: 3, analyte: 'IL8', value: 0.75, qualifier: '<LOD', lod: 1.1, qc: 'warning', assayQc: 'warning' }),
      row({ line: 7, sample: 'SEP-002', value: 2, qualifier: null, lod: null, qc: 'fail' }),
    ]);
    expect(summary).toEqual(expect.objectContaining({ controlsSkipped: 3, records: 3, rows: 3, lines: 7 }));
  });

  it('reads an older comma-separated export without SampleType', async () => {
    const file = 'SampleID,OlinkID,Assay,PlateID,QC_Warning,LOD,NPX\nS1,OID00482,IL6,P1,Warning,0.5,1.25\n';
    const { rows } = await readWhole(file, { format: 'olink' });
    expect(rows).toEqual([
      row({ sample: 'S1', olinkId: 'OID00482', value: 1.25, qc: 'warning', plate: 'P1', panel: null }),
    ]);
  });

  it('reports a missing NPX, an unknown QC flag and an unknown sample type', async () => {
    const file = [
      header,
      line('S1', 'IL6', 'NA', '1', 'Pass'),
      line('S1', 'IL8', '1', '1', 'Maybe'),
      line('S1', 'IL10', '1', '1', 'Pass', 'CALIBRATOR'),
    ].join('\n');
    const { rows, problems } = await readWhole(file, { format: 'olink' });
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      row({ line: 2, column: 12, field: 'NPX', problem: 'no value' }),
      row({ line: 3, column: 10, field: 'QC_Warning', problem: '"Maybe" is not a QC flag: Pass, Warning or Fail' }),
      row({ line: 4, column: 13, field: 'SampleType', key: 'labRead.unknownSampleType' }),
    ]);
  });

  it('refuses an export without OlinkID', async () => {
    const error = await refusal(() => readWhole('SampleID;Assay;NPX\n', { format: 'olink' }));
    expect(error).toMatchObject({ field: 'olinkId', line: 1, message: 'no olinkId column: expected one of OlinkID' });
  });
});

describe('previewResultFile', () => {
  it('gives the headers and the first rows, reading no further than it needs', async () => {
    const file = bytesOf(
      [header, ...Array.from({ length: 1000 }, (_, index) => line(`S${index}`, 'IL6', '1', '1', 'Pass'))].join('\n'),
    );
    let chunksRead = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunksOf(file, 1024)) {
        chunksRead++;
        yield chunk;
      }
    }
    const preview = await previewResultFile(counted(), { rows: 3 });
    expect(preview.headers).toEqual(header.split(';'));
    expect(preview.rows.map((fields) => fields[0])).toEqual(['S0', 'S1', 'S2']);
    expect(preview).toEqual(expect.objectContaining({ encoding: 'utf-8', separator: ';' }));
    expect(chunksRead).toBe(1);
  });

  it('refuses an empty file', async () => {
    expect(await refusal(() => previewResultFile(chunksOf(new Uint8Array(0))))).toMatchObject({ field: 'file' });
  });
});
