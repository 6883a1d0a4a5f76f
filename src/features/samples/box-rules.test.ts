import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { boxPositionText, lastPosition, placeText, positionInBox } from './box-rules.ts';

const box = { rows: 8, columns: 12 };

describe('positions in a box', () => {
  it('reads what scanners and people type, inside the box', () => {
    expect(positionInBox(box, 'B7')).toEqual({ row: 2, column: 7 });
    expect(positionInBox(box, ' h12 ')).toEqual({ row: 8, column: 12 });
    expect(positionInBox(box, '1,1')).toEqual({ row: 1, column: 1 });
    expect(lastPosition(box)).toBe('H12');
  });

  it('refuses a position outside the rows or columns, saying where the box ends', () => {
    for (const outside of ['I1', 'A13', '9,1']) {
      const refusal = (() => {
        try {
          return positionInBox(box, outside, 'content');
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(InputError);
      expect(refusal).toMatchObject({ field: 'content', key: 'samples.positionOutside', params: { last: 'H12' } });
    }
    expect(() => positionInBox(box, 'I1')).toThrow('I1 is outside the box, whose positions run from A1 to H12');
  });

  it('refuses text that is no position, quoting it', () => {
    expect(() => positionInBox(box, 'B-7')).toThrow('"B-7" is not a position such as B7');
    expect(() => positionInBox(box, '')).toThrow(InputError);
    expect(() => positionInBox(box, 'A0')).toThrow(InputError);
  });
});

describe('location texts', () => {
  it('join the parts there are', () => {
    expect(placeText('Radboudumc', 'Freezer 1', null, 'Box 3 · B7')).toBe('Radboudumc · Freezer 1 · Box 3 · B7');
    expect(boxPositionText('Box 3', 2, 7)).toBe('Box 3 · B7');
    expect(boxPositionText(null, null, null)).toBeNull();
  });
});
