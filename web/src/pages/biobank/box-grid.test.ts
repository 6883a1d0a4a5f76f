import { describe, expect, it } from 'vitest';
import { cellLabel, isTypedCharacter, moveFrom, nextFreeCell, rowLetters } from './box-grid.ts';

describe('a box grid in the browser', () => {
  it('labels positions as the server does: rows as letters, columns as numbers', () => {
    expect(rowLetters(1)).toBe('A');
    expect(rowLetters(26)).toBe('Z');
    expect(rowLetters(27)).toBe('AA');
    expect(cellLabel({ row: 2, column: 7 })).toBe('B7');
  });

  it('moves with the arrow keys, Home and End, and stays inside the box', () => {
    const grid = { rows: 9, columns: 9 };
    expect(moveFrom({ row: 1, column: 1 }, 'ArrowUp', grid)).toEqual({ row: 1, column: 1 });
    expect(moveFrom({ row: 1, column: 1 }, 'ArrowDown', grid)).toEqual({ row: 2, column: 1 });
    expect(moveFrom({ row: 2, column: 9 }, 'ArrowRight', grid)).toEqual({ row: 2, column: 9 });
    expect(moveFrom({ row: 2, column: 5 }, 'ArrowLeft', grid)).toEqual({ row: 2, column: 4 });
    expect(moveFrom({ row: 2, column: 5 }, 'Home', grid)).toEqual({ row: 2, column: 1 });
    expect(moveFrom({ row: 2, column: 5 }, 'End', grid, true)).toEqual({ row: 9, column: 9 });
    expect(moveFrom({ row: 2, column: 5 }, 'a', grid)).toBeNull();
  });

  it('finds the next free position in reading order, wrapping around, or none', () => {
    const grid = { rows: 2, columns: 2 };
    expect(nextFreeCell(grid, new Set(), null)).toEqual({ row: 1, column: 1 });
    expect(nextFreeCell(grid, new Set(['A2']), { row: 1, column: 1 })).toEqual({ row: 2, column: 1 });
    expect(nextFreeCell(grid, new Set(['B1', 'B2']), { row: 2, column: 2 })).toEqual({ row: 1, column: 1 });
    expect(nextFreeCell(grid, new Set(['A1', 'A2', 'B1', 'B2']), null)).toBeNull();
  });

  it('tells typed characters (a scanner types too) from shortcuts', () => {
    const key = (k: string, ctrlKey = false) => ({ key: k, ctrlKey, metaKey: false, altKey: false });
    expect(isTypedCharacter(key('A'))).toBe(true);
    expect(isTypedCharacter(key('7'))).toBe(true);
    expect(isTypedCharacter(key('c', true))).toBe(false);
    expect(isTypedCharacter(key('ArrowUp'))).toBe(false);
    expect(isTypedCharacter(key(' '))).toBe(false);
  });
});
