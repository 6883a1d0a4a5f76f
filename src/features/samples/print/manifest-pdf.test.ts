import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ManifestHeader, ManifestLine } from './manifest.ts';
import { manifestPdf } from './manifest-pdf.ts';
import { pdfPageTexts } from './test-pdf-texts.ts';

const header: ManifestHeader = {
  shipmentId: 12,
  from: 'Ghent University Hospital',
  to: 'Central biobank',
  preparedBy: 'J. Peeters',
  preparedAt: '2026-03-02T14:20:00+01:00',
  sentAt: null,
  courier: 'World Courier',
  tracking: null,
  temperature: 'dry ice',
};

/** `count` aliquots in 81-position boxes (9 × 9), filled row by row. */
const lines = (count: number): ManifestLine[] =>
  Array.from({ length: count }, (_, i) => ({
    barcode: `A-${String(i + 1).padStart(6, '0')}`,
    studyId: `NCT-RAD-${String((i % 40) + 1).padStart(4, '0')}`,
    visit: 'D0',
    sampleType: 'whole_blood',
    volumeUl: 250,
    box: `BOX-${Math.floor(i / 81) + 1}`,
    position: `${'ABCDEFGHI'[Math.floor((i % 81) / 9)]}${(i % 9) + 1}`,
  }));

const pageCount = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPageCount();

describe('manifestPdf', () => {
  it('is a PDF of one page for a small shipment', async () => {
    const bytes = await manifestPdf(header, lines(5));
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(await pageCount(bytes)).toBe(1);
  });

  it('runs onto more pages as the lines grow, numbering each "page i of n"', async () => {
    const bytes = await manifestPdf(header, lines(300));
    const pages = await pdfPageTexts(bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBeGreaterThan(await pageCount(await manifestPdf(header, lines(30))));
    pages.forEach((texts, i) => {
      expect(texts.some((text) => text.endsWith(`page ${i + 1} of ${pages.length}`))).toBe(true);
    });
    expect(pages[0]?.some((text) => text.includes('page 1 of'))).toBe(true);
  });

  it('lists every aliquot once, repeats the table head on each page and marks a box that continues', async () => {
    const pages = await pdfPageTexts(await manifestPdf(header, lines(300)));
    const all = pages.flat();
    for (const { barcode } of lines(300)) expect(all.filter((text) => text === barcode)).toHaveLength(1);
    for (const page of pages.filter((texts) => texts.some((text) => text.startsWith('A-')))) {
      expect(page).toContain('Barcode');
    }
    expect(all).toContain('continued');
  });

  it('shows the shipment, a count per box and the sign-off for sender and receiver', async () => {
    const pages = await pdfPageTexts(await manifestPdf(header, lines(100)));
    const all = pages.flat();
    for (const text of [
      'Shipment manifest',
      'Ghent University Hospital',
      'Central biobank',
      'dry ice',
      'World Courier',
    ]) {
      expect(all).toContain(text);
    }
    expect(all).toContain('100 aliquots in 2 boxes');
    const summary = all.slice(all.lastIndexOf('Boxes'));
    expect(summary.slice(0, 9)).toEqual(['Boxes', 'Aliquots', 'BOX-1', '81', 'BOX-2', '19', 'Total', '100', 'Sender']);
    for (const text of ['Sender', 'Receiver', 'Signature', 'Condition on arrival']) expect(all).toContain(text);
  });

  it('prints text the font cannot encode, with ? in place of the characters', async () => {
    const odd = { ...lines(1)[0]!, studyId: 'NCT-😀-中文', box: 'Box ≥ 1' };
    const all = (await pdfPageTexts(await manifestPdf({ ...header, from: 'Łódź' }, [odd]))).flat();
    expect(all).toContain('NCT-?-??');
    expect(all).toContain('Box Box ? 1');
    expect(all).toContain('?ódz');
  });

  it('says so for a shipment without aliquots', async () => {
    const all = (await pdfPageTexts(await manifestPdf(header, []))).flat();
    expect(all).toContain('No aliquots in this shipment.');
  });
});
