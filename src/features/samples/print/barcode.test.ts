import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { barcodeMaxLength, barcodePng, barcodeSvg, checkBarcode, dataMatrixModules } from './barcode.ts';

describe('barcodeSvg', () => {
  it('draws a DataMatrix and a Code 128 as SVG markup', () => {
    for (const symbology of ['datamatrix', 'code128'] as const) {
      const svg = barcodeSvg('A-000123', symbology);
      expect(svg.trimStart().startsWith('<svg')).toBe(true);
      expect(svg).toContain('viewBox=');
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
  });

  it('draws different symbols for different barcodes', () => {
    expect(barcodeSvg('A-000123', 'datamatrix')).not.toBe(barcodeSvg('A-000124', 'datamatrix'));
  });

  it('refuses a barcode that is empty, too long or has a character ZPL cannot carry', () => {
    for (const text of ['', 'X'.repeat(barcodeMaxLength + 1), 'A^1', 'A~1', 'A 1', 'µ-1', 'A\n1']) {
      expect(() => barcodeSvg(text, 'code128'), JSON.stringify(text)).toThrow(InputError);
    }
  });
});

describe('checkBarcode', () => {
  it('accepts printable ASCII up to the maximum length', () => {
    expect(checkBarcode('A-000123')).toBe('A-000123');
    expect(checkBarcode('x_Y/1.2\\3')).toBe('x_Y/1.2\\3');
    expect(checkBarcode('9'.repeat(barcodeMaxLength))).toHaveLength(barcodeMaxLength);
  });

  it('names the barcode field and says what a barcode may be', () => {
    expect(() => checkBarcode('')).toThrow(
      expect.objectContaining({ field: 'barcode', code: 'invalid_input', key: 'samples.barcodeFormat' }),
    );
  });
});

describe('barcodePng', () => {
  it('renders a PNG image', async () => {
    const png = await barcodePng('A-000123', 'datamatrix');
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe('dataMatrixModules', () => {
  it('grows with the data, to 24 × 24 at most for the longest barcode', () => {
    expect(dataMatrixModules('A-000123')).toBeLessThan(dataMatrixModules('X'.repeat(barcodeMaxLength)));
    for (const text of ['X', 'x', '_', 'a!', 'zZ'].map((s) => s.repeat(32).slice(0, barcodeMaxLength))) {
      expect(dataMatrixModules(text), text).toBeLessThanOrEqual(24);
    }
  });
});
