import { Text } from '@mantine/core';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { BoxMap } from '../../api/biobank-types.ts';
import { useT } from '../../i18n/language.tsx';
import { cellLabel, isTypedCharacter, moveFrom, rowLetters, type Cell } from './box-grid.ts';

interface BoxGridProps {
  map: BoxMap;
  selected: Cell;
  onSelect: (cell: Cell) => void;
  /** Enter on a cell, or a character typed on it (a scan): the barcode input takes over, with the character. */
  onStartTyping: (typed: string) => void;
  /** Set when the focus should follow the selection (it moved by keyboard or mouse inside the grid). */
  focusRequest: number;
}

const cellStyle = {
  width: 78,
  height: 52,
  padding: 4,
  border: '1px solid var(--mantine-color-gray-4)',
  verticalAlign: 'top',
  cursor: 'pointer',
  fontSize: 11,
  lineHeight: 1.25,
} as const;

/**
 * A box as a grid of positions (role="grid", one cell in the tab order): arrow keys, Home and End move between
 * cells; a taken cell shows the aliquot's barcode and study id.
 */
export function BoxGrid({ map, selected, onSelect, onStartTyping, focusRequest }: BoxGridProps) {
  const t = useT();
  const b = t.boxMap;
  const { rows, columns } = map.box;
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const byLabel = new Map(map.positions.map((p) => [p.position, p]));

  useEffect(() => {
    if (focusRequest > 0) cells.current.get(cellLabel(selected))?.focus();
    // Only a new request moves the focus, not a re-render with new data.
  }, [focusRequest]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>) => {
    const next = moveFrom(selected, event.key, { rows, columns }, event.ctrlKey);
    if (next !== null) {
      event.preventDefault();
      onSelect(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onStartTyping('');
    } else if (isTypedCharacter(event)) {
      event.preventDefault();
      onStartTyping(event.key);
    }
  };

  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        role="grid"
        aria-label={b.gridLabel(map.box.name)}
        style={{ borderCollapse: 'collapse' }}
        data-testid="box-grid"
      >
        <thead>
          <tr>
            <td />
            {Array.from({ length: columns }, (_, c) => (
              <th key={c} scope="col" role="columnheader" style={{ fontSize: 12, padding: 2 }}>
                {c + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              <th scope="row" role="rowheader" style={{ fontSize: 12, padding: '0 6px' }}>
                {rowLetters(r + 1)}
              </th>
              {Array.from({ length: columns }, (_, c) => {
                const cell = { row: r + 1, column: c + 1 };
                const label = cellLabel(cell);
                const aliquot = byLabel.get(label)?.aliquot ?? null;
                const isSelected = cell.row === selected.row && cell.column === selected.column;
                const name =
                  aliquot === null
                    ? b.freeCell(label)
                    : b.takenCell(label, aliquot.barcode, aliquot.studyId ?? b.noStudyId);
                return (
                  <td
                    key={label}
                    ref={(element) => {
                      if (element === null) cells.current.delete(label);
                      else cells.current.set(label, element);
                    }}
                    role="gridcell"
                    tabIndex={isSelected ? 0 : -1}
                    aria-selected={isSelected}
                    aria-label={name}
                    data-position={label}
                    data-taken={aliquot !== null}
                    onKeyDown={onKeyDown}
                    onClick={() => onSelect(cell)}
                    style={{
                      ...cellStyle,
                      background: aliquot === null ? 'var(--mantine-color-gray-0)' : 'var(--mantine-color-teal-1)',
                      outline: isSelected ? '3px solid var(--mantine-color-blue-6)' : undefined,
                      outlineOffset: -3,
                    }}
                  >
                    <Text span size="xs" c="dimmed" display="block">
                      {label}
                    </Text>
                    {aliquot !== null && (
                      <>
                        <Text span size="xs" fw={600} display="block">
                          {aliquot.barcode}
                        </Text>
                        <Text span size="xs" display="block">
                          {aliquot.studyId ?? ''}
                        </Text>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
