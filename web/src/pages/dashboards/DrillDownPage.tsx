import { Alert, Anchor, Card, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { DrillDown } from '../../../../src/features/dashboards/contract.ts';
import { useDrillDown } from '../../api/dashboard-queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import type { CellState } from './CountLink.tsx';
import { QueryState } from './QueryState.tsx';

const pageSize = 200;

/** What the link said about the count; a way back only to a dashboard. */
function cellState(state: unknown): Partial<CellState> {
  if (typeof state !== 'object' || state === null) return {};
  const { label, from } = state as Record<string, unknown>;
  return {
    label: typeof label === 'string' ? label : undefined,
    from: typeof from === 'string' && from.startsWith('/dashboards') ? from : undefined,
  };
}

/** The rows behind one count of a dashboard: who (a link to the participant), where, what was counted. */
export function DrillDownPage() {
  const t = useT();
  const c = t.dashCells;
  const [params] = useSearchParams();
  const cell = params.get('cell') ?? '';
  const siteParam = Number(params.get('siteId'));
  const siteId = Number.isInteger(siteParam) && siteParam > 0 ? siteParam : null;
  const { label, from } = cellState(useLocation().state);
  const query = useDrillDown(cell, siteId);

  return (
    <>
      <PageHeader
        title={label === undefined ? c.title : c.of(label)}
        intro={c.intro}
        actions={
          <Anchor component={Link} to={from ?? '/dashboards'}>
            {c.back}
          </Anchor>
        }
      />
      {cell === '' ? (
        <Alert color="yellow" variant="light">
          {c.noCell}
        </Alert>
      ) : (
        <Card withBorder radius="md">
          <QueryState query={query}>{(data) => <CellRows key={`${cell}/${siteId ?? 'all'}`} data={data} />}</QueryState>
        </Card>
      )}
    </>
  );
}

/** How many, then the rows a page at a time (a count can hold every screening of the study). */
function CellRows({ data }: { data: DrillDown }) {
  const c = useT().dashCells;
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(data.rows.length / pageSize));
  const shown = data.rows.slice((page - 1) * pageSize, page * pageSize);
  return (
    <Stack gap="sm">
      <Text fw={600} data-testid="drill-down-count">
        {c.howMany(data.rows.length)}
      </Text>
      {data.rows.length === 0 ? (
        <Text c="dimmed">{c.empty}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} striped captionSide="top" data-testid="drill-down-rows">
            <Table.Caption>{c.caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{c.participant}</Table.Th>
                <Table.Th scope="col">{c.site}</Table.Th>
                <Table.Th scope="col">{c.detail}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((row, i) => (
                <Table.Tr key={`${row.participantId ?? 's'}/${row.screeningId ?? ''}/${row.detail ?? ''}/${i}`}>
                  <Table.Td fw={600}>
                    {row.participantId !== null && row.studyId !== null ? (
                      <Anchor component={Link} to={`/participants/${row.participantId}`}>
                        {row.studyId}
                      </Anchor>
                    ) : (
                      <Text span size="sm" c="dimmed">
                        {row.screeningId !== null ? c.screening(row.screeningId) : c.noParticipant}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{row.siteCode}</Table.Td>
                  <Table.Td>{row.detail ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={setPage} />
        </Group>
      )}
    </Stack>
  );
}
