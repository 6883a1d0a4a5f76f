import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { FormStatus, StatusMatrix, StudyProtocol } from '../../api/types.ts';
import { formStatusColor } from '../../components/status.tsx';
import { useT } from '../../i18n/language.tsx';
import { slotLabel } from '../forms/form-text.ts';

type Column = StatusMatrix['columns'][number];
type Row = StatusMatrix['participants'][number];

/**
 * Participants down, forms per visit across. A cell is the form's status in its colour, a link to the form; the
 * forms of every ICU day share one cell (the least advanced day, and how many days are entered), which links to
 * the participant, where each day is listed.
 */
export function StatusMatrixTable({ matrix, protocol }: { matrix: StatusMatrix; protocol: StudyProtocol }) {
  const t = useT();
  const r = t.formReports;
  return (
    <Table.ScrollContainer minWidth={160 + matrix.columns.length * 130}>
      <Table withColumnBorders verticalSpacing="xs" data-testid="status-matrix">
        <Table.Caption className="visually-hidden">{r.statusCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{r.participant}</Table.Th>
            {matrix.columns.map((column) => (
              <Table.Th key={`${column.form}/${column.slot}`} scope="col">
                <Text size="sm" fw={600}>
                  {column.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {slotLabel(t, protocol, column.slot)}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.participants.map((row) => (
            <Table.Tr key={row.participantId}>
              <Table.Th scope="row">
                <Anchor component={Link} to={`/participants/${row.participantId}`}>
                  {row.studyId}
                </Anchor>
              </Table.Th>
              {matrix.columns.map((column) => (
                <Table.Td key={`${column.form}/${column.slot}`}>
                  <StatusCell
                    row={row}
                    column={column}
                    columnName={`${column.label} · ${slotLabel(t, protocol, column.slot)}`}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StatusCell({ row, column, columnName }: { row: Row; column: Column; columnName: string }) {
  const t = useT();
  const r = t.formReports;
  const cell = row.cells[`${column.form}/${column.slot}`];
  const status: FormStatus = cell?.status ?? 'not_started';
  const daily = column.slot === 'days';
  // A daily form not started yet starts at ICU day 1; entered days are listed on the participant's page.
  const to =
    daily && cell !== undefined
      ? `/participants/${row.participantId}`
      : `/participants/${row.participantId}/forms/${column.form}/${daily ? 'day-1' : column.slot}`;
  return (
    <Stack gap={2} align="flex-start">
      <Anchor
        component={Link}
        to={to}
        aria-label={r.cellAria(row.studyId, columnName, t.formStatus[status])}
        underline="never"
      >
        <Badge
          color={formStatusColor[status]}
          variant={status === 'not_started' ? 'outline' : 'light'}
          tt="none"
          miw="fit-content"
        >
          {t.formStatus[status]}
        </Badge>
      </Anchor>
      {cell?.days !== undefined && <Text size="xs">{r.days(cell.days)}</Text>}
      {cell !== undefined && cell.openQueries > 0 && (
        <Text size="xs" c="orange.9">
          {r.queries(cell.openQueries)}
        </Text>
      )}
    </Stack>
  );
}
