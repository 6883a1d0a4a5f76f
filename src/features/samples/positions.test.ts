import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { parsePosition, positionLabel } from './positions.ts';

describe('positionLabel', () => {
  it('names the row with a letter and the column with a number', () => {
    expect(positionLabel(1, 1)).toBe('A1');
    expect(positionLabel(2, 7)).toBe('B7');
    expect(positionLabel(8, 12)).toBe('H12');
    expect(positionLabel(26, 12)).toBe('Z12');
  });

  it('goes on past Z the way spreadsheet columns do', () => {
    expect(positionLabel(27, 1)).toBe('AA1');
    expect(positionLabel(28, 1)).toBe('AB1');
    expect(positionLabel(52, 3)).toBe('AZ3');
    expect(positionLabel(53, 3)).toBe('BA3');
    expect(positionLabel(702, 1)).toBe('ZZ1');
    expect(positionLabel(703, 1)).toBe('AAA1');
  });

  it('refuses rows and columns that are not whole numbers from 1', () => {
    for (const [row, column, field] of [
      [0, 1, 'row'],
      [1, 0, 'column'],
      [-3, 1, 'row'],
      [1.5, 1, 'row'],
      [1, Number.NaN, 'column'],
    ] as const) {
      expect(() => positionLabel(row, column)).toThrow(InputError);
      try {
        positionLabel(row, column);
      } catch (error) {
        expect((error as InputError).field).toBe(field);
      }
    }
  });
});

describe('parsePosition', () => {
  it('reads back every label positionLabel writes', () => {
    for (const [row, column] of [
      [1, 1],
      [26, 12],
      [27, 1],
      [2, 7],
      [53, 24],
      [703, 9],
    ] as const) {
      expect(parsePosition(positionLabel(row, column))).toEqual({ row, column });
    }
    expect(parsePosition('A1')).toEqual({ row: 1, column: 1 });
    expect(parsePosition('Z12')).toEqual({ row: 26, column: 12 });
    expect(parsePosition('AA1')).toEqual({ row: 27, column: 1 });
  });

  it('accepts what lab staff type and freezer software exports', () => {
    expect(parsePosition('b7')).toEqual({ row: 2, column: 7 });
    expect(parsePosition('B07')).toEqual({ row: 2, column: 7 });
    expect(parsePosition(' B 7 ')).toEqual({ row: 2, column: 7 });
    expect(parsePosition('aa10')).toEqual({ row: 27, column: 10 });
    expect(parsePosition('2,7')).toEqual({ row: 2, column: 7 });
    expect(parsePosition('2:7')).toEqual({ row: 2, column: 7 });
    expect(parsePosition('2, 7')).toEqual({ row: 2, column: 7 });
  });

  it('refuses anything else with an input error on the position', () => {
    for (const text of ['', '   ', '0', 'A0', '?', 'A', '7', '7B', 'B-7', '0,7', '2,0', '2;7', 'B7.5', 'Ä1', 'A1A']) {
      expect(() => parsePosition(text), text).toThrow(InputError);
      try {
        parsePosition(text);
      } catch (error) {
        expect((error as InputError).field).toBe('position');
        expect((error as InputError).code).toBe('invalid_input');
        expect((error as InputError).key).toBe('samples.badPosition');
      }
    }
  });
});
