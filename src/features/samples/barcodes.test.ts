import { describe, expect, it } from 'vitest';
import { freshBarcodes, isMadeBarcode, newBarcode } from './barcodes.ts';

/** A source of digits that repeats a fixed sequence: the clashes below are made on purpose. */
const digits = (sequence: number[]) => {
  let i = 0;
  return () => sequence[i++ % sequence.length]!;
};

describe('made barcodes', () => {
  it('are a letter for what it is and random digits: T + 8, A + 9, B + 8', () => {
    expect(newBarcode('tube')).toMatch(/^T\d{8}$/);
    expect(newBarcode('aliquot')).toMatch(/^A\d{9}$/);
    expect(newBarcode('box')).toMatch(/^B\d{8}$/);
    expect(newBarcode('tube', digits([1, 2]))).toBe('T12121212');
    expect(isMadeBarcode('aliquot', 'A123456789')).toBe(true);
    expect(isMadeBarcode('aliquot', 'A12345678')).toBe(false);
  });

  it('avoid codes in use and each other, drawing again for the clashes only', async () => {
    const asked: string[][] = [];
    // The first round draws A000000000 twice (kept once) and A111111111, which is taken.
    const random = digits([
      ...Array<number>(9).fill(0),
      ...Array<number>(9).fill(0),
      ...Array<number>(9).fill(1),
      ...Array<number>(9).fill(2),
    ]);
    const codes = await freshBarcodes(
      'aliquot',
      2,
      (candidates) => {
        asked.push(candidates);
        return Promise.resolve(new Set(candidates.filter((c) => c === 'A111111111')));
      },
      random,
    );
    expect(codes).toEqual(['A000000000', 'A222222222']);
    expect(asked).toEqual([['A000000000', 'A111111111'], ['A222222222']]);
  });

  it('give up loudly when every draw is taken', async () => {
    await expect(freshBarcodes('box', 1, (c) => Promise.resolve(new Set(c)))).rejects.toThrow(/no free box barcodes/);
  });
});
