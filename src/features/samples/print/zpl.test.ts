import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import type { AliquotLabel } from './aliquot-label.ts';
import { labelsZpl, zplText } from './zpl.ts';

const label = (overrides: Partial<AliquotLabel> = {}): AliquotLabel => ({
  barcode: 'A-000123',
  studyId: 'NCT-RAD-0042',
  visit: 'D3',
  sampleType: 'plasma',
  volumeUl: 500,
  drawnOn: '2026-03-02',
  ...overrides,
});

/** The ^FD data of every field, in order. */
const fieldData = (zpl: string) => [...zpl.matchAll(/\^FD(.*?)\^FS/g)].map((match) => match[1]);

describe('labelsZpl', () => {
  it('writes one ^XA … ^XZ format per label', () => {
    const zpl = labelsZpl([label(), label({ barcode: 'A-000124' }), label({ barcode: 'A-000125' })]);
    expect(zpl.match(/\^XA/g)).toHaveLength(3);
    expect(zpl.match(/\^XZ/g)).toHaveLength(3);
    const formats = zpl.split('^XZ').slice(0, -1);
    expect(formats.every((format) => format.trim().startsWith('^XA'))).toBe(true);
  });

  it('gives nothing to print for no labels', () => {
    expect(labelsZpl([])).toBe('');
  });

  it('encodes the barcode as a DataMatrix field and prints it and the label lines as text', () => {
    const zpl = labelsZpl([label()]);
    expect(zpl).toMatch(/\^BXN,\d+,200\^FDA-000123\^FS/);
    expect(fieldData(zpl)).toEqual(['A-000123', 'NCT-RAD-0042', 'D3 plasma', '500 µL', '2026-03-02', 'A-000123']);
    expect(zpl).toContain('^CI28');
  });

  it('leaves out the lines of unknown values, keeping the others in their places', () => {
    const zpl = labelsZpl([label({ volumeUl: null, drawnOn: null })]);
    expect(fieldData(zpl)).toEqual(['A-000123', 'NCT-RAD-0042', 'D3 plasma', 'A-000123']);
    expect(zpl).not.toContain('^FD^FS');
  });

  it('sizes the label for the printer resolution: 1" × 0.5"', () => {
    expect(labelsZpl([label()])).toContain('^PW203');
    const fine = labelsZpl([label()], { dpi: 300 });
    expect(fine).toContain('^PW300');
    expect(fine).toContain('^LL150');
  });

  it('keeps every field on the label, whatever the barcode length', () => {
    for (const dpi of [203, 300] as const) {
      for (const barcode of ['A-1', 'A-000123', 'X'.repeat(32)]) {
        const zpl = labelsZpl([label({ barcode, studyId: 'NCT-RAD-0042-EXTRA-LONG-ID', sampleType: 'whole_blood' })], {
          dpi,
        });
        const width = Number(/\^PW(\d+)/.exec(zpl)?.[1]);
        const height = Number(/\^LL(\d+)/.exec(zpl)?.[1]);
        const module = Number(/\^BXN,(\d+)/.exec(zpl)?.[1]);
        expect(module).toBeGreaterThanOrEqual(2);
        // The barcode text is printed whole.
        expect(fieldData(zpl).at(-1)).toBe(barcode);
        for (const [, x, y, font, text = ''] of zpl.matchAll(/\^FO(\d+),(\d+)\^A0N,(\d+),\d+\^FD(.*?)\^FS/g)) {
          expect(Number(y) + Number(font)).toBeLessThanOrEqual(height);
          expect(Number(x) + [...text].length * Number(font) * 0.5).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('removes ^ and ~ from text fields, so text cannot inject ZPL commands', () => {
    const zpl = labelsZpl([label({ studyId: 'NCT^XZ~JA-0042', visit: 'D3^FS', sampleType: 'plasma\n^XA' })]);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).not.toContain('~');
    const [, studyId, kind] = fieldData(zpl);
    expect(studyId).toBe('NCTXZJA-0042');
    expect(kind).toBe('D3FS plasma XA');
  });

  it('refuses a barcode it cannot encode faithfully rather than altering it', () => {
    for (const barcode of ['', 'A^000123', 'A~000123', 'A 000123', 'Ä-000123', 'X'.repeat(33)]) {
      expect(() => labelsZpl([label({ barcode })]), barcode).toThrow(InputError);
    }
    expect(() => labelsZpl([label(), label({ barcode: 'A^1' })])).toThrow(
      expect.objectContaining({ field: 'barcode', index: 1 }),
    );
  });
});

describe('zplText', () => {
  it('drops ^ and ~ and turns line breaks into spaces', () => {
    expect(zplText('a^b~c')).toBe('abc');
    expect(zplText('line one\r\nline two\t!')).toBe('line one line two !');
    expect(zplText('µL é')).toBe('µL é');
  });
});
