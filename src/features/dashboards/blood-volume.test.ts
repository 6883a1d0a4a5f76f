import { describe, expect, it } from 'vitest';
import { binOf, bins, median, tubesVolume } from './blood-volume.ts';

describe('blood volumes', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([37, 20, 50])).toBe(37);
    expect(median([37, 20, 50, 40])).toBe(38.5);
  });

  it('bins by 5 mL from 0, at least up to the limit', () => {
    expect(binOf(37)).toBe(35);
    expect(binOf(40)).toBe(40);
    expect(bins(12, 40)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
    expect(bins(52.5, 40).at(-1)).toBe(50);
  });

  it("sums a visit's tubes from the protocol's volumes", () => {
    const types = [
      { code: 'EDTA', volumeMl: 10 },
      { code: 'PAXGENE', volumeMl: 2.5 },
    ];
    expect(
      tubesVolume(
        [
          { tube: 'EDTA', count: 2 },
          { tube: 'PAXGENE', count: 1 },
        ],
        types,
      ),
    ).toBe(22.5);
    expect(tubesVolume([{ tube: 'UNKNOWN', count: 1 }], types)).toBeNull();
  });
});
