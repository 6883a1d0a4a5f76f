import { describe, expect, it } from 'vitest';
import type { ManifestHeader, ManifestLine } from './manifest.ts';
import { manifestCsv } from './manifest-csv.ts';

const header: ManifestHeader = {
  shipmentId: 12,
  from: 'Ghent University Hospital',
  to: 'Central biobank',
  preparedBy: 'J. Peeters',
  preparedAt: '2026-03-02T14:20:00+01:00',
  sentAt: null,
  courier: null,
  tracking: null,
  temperature: 'dry ice',
};

const line = (overrides: Partial<ManifestLine> = {}): ManifestLine => ({
  barcode: 'A-000123',
  studyId: 'NCT-RAD-0042',
  visit: 'D3',
  sampleType: 'plasma',
  volumeUl: 500,
  box: 'BOX-1',
  position: 'A1',
  ...overrides,
});

const rows = (csv: string) => csv.trimEnd().split('\r\n');

describe('manifestCsv', () => {
  it('writes the header and one row per aliquot', () => {
    const csv = manifestCsv(header, [line(), line({ barcode: 'A-000124', position: 'A2', volumeUl: null, box: null })]);
    expect(rows(csv)).toEqual([
      '"shipment","from","to","box","position","barcode","study_id","visit","sample_type","volume_ul"',
      '"12","Ghent University Hospital","Central biobank","BOX-1","A1","A-000123","NCT-RAD-0042","D3","plasma","500"',
      '"12","Ghent University Hospital","Central biobank","","A2","A-000124","NCT-RAD-0042","D3","plasma",""',
    ]);
  });

  it('lists the rows box by box in position order, as the PDF does', () => {
    const csv = manifestCsv(header, [
      line({ barcode: 'A-3', box: 'BOX-2', position: 'A1' }),
      line({ barcode: 'A-2', box: 'BOX-1', position: 'A10' }),
      line({ barcode: 'A-1', box: 'BOX-1', position: 'A9' }),
    ]);
    expect(
      rows(csv)
        .slice(1)
        .map((row) => row.split(',')[5]),
    ).toEqual(['"A-1"', '"A-2"', '"A-3"']);
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    const csv = manifestCsv({ ...header, from: '@SUM(1)' }, [line({ studyId: '=HYPERLINK("x")' })]);
    const [, row = ''] = rows(csv);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(`"'@SUM(1)"`);
  });

  it('writes only the header for an empty shipment', () => {
    expect(rows(manifestCsv(header, []))).toHaveLength(1);
  });
});
