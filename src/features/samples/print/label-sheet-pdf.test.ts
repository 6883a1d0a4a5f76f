import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import type { AliquotLabel } from './aliquot-label.ts';
import { labelSheetPdf } from './label-sheet-pdf.ts';
import { pdfPageTexts } from './test-pdf-texts.ts';

const labels = (count: number, overrides: Partial<AliquotLabel> = {}): AliquotLabel[] =>
  Array.from({ length: count }, (_, i) => ({
    barcode: `A-${String(i + 1).padStart(6, '0')}`,
    studyId: 'NCT-RAD-0042',
    visit: 'D3',
    sampleType: 'whole_blood',
    volumeUl: 500,
    drawnOn: '2026-03-02',
    ...overrides,
  }));

const pageCount = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPageCount();

describe('labelSheetPdf', () => {
  it('is a PDF', async () => {
    const bytes = await labelSheetPdf(labels(1));
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('fills as many 48-label sheets as the labels need', async () => {
    expect(await pageCount(await labelSheetPdf(labels(100)))).toBe(3);
  });

  it('takes the grid from the options, and starts after labels already used', async () => {
    const grid = { columns: 2, rows: 2 };
    expect(await pageCount(await labelSheetPdf(labels(4), grid))).toBe(1);
    expect(await pageCount(await labelSheetPdf(labels(5), grid))).toBe(2);
    expect(await pageCount(await labelSheetPdf(labels(4), { ...grid, skip: 1 }))).toBe(2);
    expect(await pageCount(await labelSheetPdf(labels(3), { ...grid, skip: 1 }))).toBe(1);
  });

  it('prints each label its barcode and text lines, with either symbology', async () => {
    for (const symbology of ['datamatrix', 'code128'] as const) {
      const [page = []] = await pdfPageTexts(await labelSheetPdf(labels(2), { symbology }));
      const text = page.join('\n');
      for (const expected of ['A-000001', 'A-000002', 'NCT-RAD-0042', 'whole blood', '500 µL', '2026-03-02']) {
        expect(text, `${symbology}: ${expected}`).toContain(expected);
      }
    }
  });

  it('prints a label whose text the font cannot encode, with ? in place of the characters', async () => {
    const odd = labels(1, { studyId: 'NCT-😀-中文', visit: 'D≥3', sampleType: 'plasma\tα' });
    const [page = []] = await pdfPageTexts(await labelSheetPdf(odd));
    expect(page).toContain('NCT-?-??');
    expect(page).toContain('D?3 plasma ?');
  });

  it('embeds each barcode image once, however often it is printed', async () => {
    const once = await labelSheetPdf(labels(1));
    const many = await labelSheetPdf(labels(40, { barcode: 'A-000001' }));
    expect(many.length).toBeLessThan(once.length * 4);
  });

  it('refuses no labels, a bad barcode (naming its index) and a grid that does not fit', async () => {
    await expect(labelSheetPdf([])).rejects.toThrow(InputError);
    await expect(labelSheetPdf([...labels(2), ...labels(1, { barcode: 'A^1' })])).rejects.toMatchObject({
      field: 'barcode',
      index: 2,
    });
    for (const options of [
      { columns: 0 },
      { rows: 21 },
      { columns: 2.5 },
      { skip: 48 },
      { skip: -1 },
      { marginMm: 60 },
    ]) {
      await expect(labelSheetPdf(labels(1), options), JSON.stringify(options)).rejects.toThrow(InputError);
    }
  });
});
