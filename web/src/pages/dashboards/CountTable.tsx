import { Table } from '@mantine/core';
import type { Count } from '../../../../src/features/dashboards/contract.ts';
import { CountCell, NumberCell } from './CountLink.tsx';

export interface Column<R> {
  key: string;
  label: string;
  /** A count (a link to its rows), another number as text, or nothing. */
  value: (row: R) => Count | string | null;
}

interface CountTableProps<R> {
  caption: string;
  /** The headers of the columns that name a row (visit, site …), then the number columns. */
  heads: string[];
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** The texts of the naming columns of a row; the first is the row's header. */
  labels: (row: R) => string[];
  /** What a count of the row and column counts (its link's name, the drill-down's heading). */
  what: (row: R, column: Column<R>) => string;
  /** A row that totals the others, set in bold. */
  isTotal?: (row: R) => boolean;
  testId?: string;
  minWidth?: number;
}

const isCount = (value: unknown): value is Count =>
  typeof value === 'object' && value !== null && 'n' in value && 'cell' in value;

/** The dashboards' tables: rows named by a few columns, then numbers, each count a link to its rows. */
export function CountTable<R>({
  caption,
  heads,
  columns,
  rows,
  rowKey,
  labels,
  what,
  isTotal,
  testId,
  minWidth = 560,
}: CountTableProps<R>) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing={4} striped highlightOnHover captionSide="top" data-testid={testId}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {heads.map((head) => (
              <Table.Th key={head} scope="col">
                {head}
              </Table.Th>
            ))}
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" ta="right">
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const [first = '', ...rest] = labels(row);
            const total = isTotal?.(row) ?? false;
            return (
              <Table.Tr key={rowKey(row)} fw={total ? 700 : undefined}>
                <Table.Th scope="row" fw={total ? 700 : 500}>
                  {first}
                </Table.Th>
                {rest.map((text, i) => (
                  <Table.Td key={i}>{text}</Table.Td>
                ))}
                {columns.map((column) => {
                  const value = column.value(row);
                  if (value === null) return <Table.Td key={column.key} />;
                  if (isCount(value)) return <CountCell key={column.key} count={value} what={what(row, column)} />;
                  return <NumberCell key={column.key}>{value}</NumberCell>;
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
