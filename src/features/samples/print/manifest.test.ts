import { describe, expect, it } from 'vitest';
import { manifestBoxes, manifestOrder, type ManifestLine } from './manifest.ts';

const line = (barcode: string, box: string | null, position: string | null): ManifestLine => ({
  barcode,
  studyId: 'NCT-RAD-0042',
  visit: 'D0',
  sampleType: 'plasma',
  volumeUl: 500,
  box,
  position,
});

describe('manifestBoxes', () => {
  it('groups by box in natural order, loose aliquots last', () => {
    const boxes = manifestBoxes([
      line('a', 'BOX-10', 'A1'),
      line('b', null, null),
      line('c', 'BOX-2', 'A1'),
      line('d', 'BOX-10', 'A2'),
    ]);
    expect(boxes.map(({ box, lines }) => [box, lines.length])).toEqual([
      ['BOX-2', 1],
      ['BOX-10', 2],
      [null, 1],
    ]);
  });

  it('orders a box by row then column, A10 after A9, odd positions after and none last', () => {
    const order = manifestOrder([
      line('none', 'B', null),
      line('b1', 'B', 'B1'),
      line('odd', 'B', 'shelf'),
      line('a10', 'B', 'A10'),
      line('a9', 'B', 'a9'),
      line('aa1', 'B', 'AA1'),
      line('a2', 'B', '1,2'),
    ]);
    expect(order.map(({ barcode }) => barcode)).toEqual(['a2', 'a9', 'a10', 'b1', 'aa1', 'odd', 'none']);
  });
});
