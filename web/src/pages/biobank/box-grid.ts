/**
 * A box's grid in the browser: position labels as printed on boxes ("A1", "H12") and keyboard movement between
 * cells. Pure.
 */

export interface Cell {
  row: number;
  column: number;
}

export interface Grid {
  rows: number;
  columns: number;
}

/** Bijective base 26, as the server labels rows: 1 → A, 26 → Z, 27 → AA. */
export function rowLetters(row: number): string {
  let letters = '';
  for (let rest = row; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

export function cellLabel(cell: Cell): string {
  return `${rowLetters(cell.row)}${cell.column}`;
}

/** Where a key moves the focus from `cell`: arrows by one, Home/End to the row's ends; null for other keys. */
export function moveFrom(cell: Cell, key: string, grid: Grid, ctrl = false): Cell | null {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 1), max);
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(cell.row - 1, grid.rows), column: cell.column };
    case 'ArrowDown':
      return { row: clamp(cell.row + 1, grid.rows), column: cell.column };
    case 'ArrowLeft':
      return { row: cell.row, column: clamp(cell.column - 1, grid.columns) };
    case 'ArrowRight':
      return { row: cell.row, column: clamp(cell.column + 1, grid.columns) };
    case 'Home':
      return ctrl ? { row: 1, column: 1 } : { row: cell.row, column: 1 };
    case 'End':
      return ctrl ? { row: grid.rows, column: grid.columns } : { row: cell.row, column: grid.columns };
    default:
      return null;
  }
}

/**
 * The next free cell in reading order (along the row, then the next row) after `after`, wrapping around;
 * null when every cell is taken. `taken` holds the labels of the cells in use.
 */
export function nextFreeCell(grid: Grid, taken: ReadonlySet<string>, after: Cell | null): Cell | null {
  const total = grid.rows * grid.columns;
  const start = after === null ? -1 : (after.row - 1) * grid.columns + (after.column - 1);
  for (let step = 1; step <= total; step++) {
    const index = (start + step + total) % total;
    const cell = { row: Math.floor(index / grid.columns) + 1, column: (index % grid.columns) + 1 };
    if (!taken.has(cellLabel(cell))) return cell;
  }
  return null;
}

/** A key that types a character (a scanner types too), not a shortcut or a movement. */
export function isTypedCharacter(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey;
}
