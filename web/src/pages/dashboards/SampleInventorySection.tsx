import { Progress, Stack, Table, Text, Title } from '@mantine/core';
import type { SampleInventory } from '../../../../src/features/dashboards/contract.ts';
import { aliquotStatuses } from '../../../../src/features/dashboards/contract.ts';
import { useSampleInventory } from '../../api/dashboard-queries.ts';
import { useStudy } from '../../api/queries.ts';
import { Section } from '../../components/Section.tsx';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CountCell, NumberCell } from './CountLink.tsx';
import { CountTable, type Column } from './CountTable.tsx';
import { countText, groupedBySite, percentText, sampleTypeName, visitName } from './dashboard-text.ts';
import { QueryState } from './QueryState.tsx';
import { useDashboardScope } from './scope.tsx';

type AliquotRow = SampleInventory['aliquots'][number];

/** Aliquots per visit and sample type by status; how full the freezers are. */
export function SampleInventorySection() {
  const t = useT();
  const query = useSampleInventory(useDashboardScope());
  return (
    <Section title={t.dashInventory.heading}>
      <QueryState query={query}>{(data) => <InventoryContent data={data} />}</QueryState>
    </Section>
  );
}

function InventoryContent({ data }: { data: SampleInventory }) {
  const t = useT();
  const s = t.dashInventory;
  const { language } = useLanguage();
  const protocol = useStudy().data;
  const multiSite = data.sites.length > 1;
  const siteCode = (siteId: number | null) =>
    siteId === null ? t.dashboards.all : (data.sites.find((x) => x.id === siteId)?.code ?? String(siteId));
  const kinds: Partial<Record<string, string>> = t.storage.freezerKinds;
  const kindText = (kind: string) => kinds[kind] ?? kind;
  const rows = groupedBySite(data.aliquots, (row) => `${row.visit}/${row.sampleType}`, data.sites);
  const name = (row: AliquotRow) => `${visitName(protocol, row.visit)} · ${sampleTypeName(protocol, row.sampleType)}`;
  const columns: Column<AliquotRow>[] = [
    ...aliquotStatuses.map((status) => ({
      key: status,
      label: s.statuses[status],
      value: (row: AliquotRow) => row.byStatus[status],
    })),
    { key: 'total', label: t.dashboards.total, value: (row) => row.total },
  ];

  return (
    <Stack gap="lg">
      {rows.length === 0 ? (
        <Text c="dimmed">{s.noAliquots}</Text>
      ) : (
        <CountTable
          caption={s.aliquotsCaption}
          heads={[t.dashboards.visit, s.sampleType, ...(multiSite ? [t.dashboards.site] : [])]}
          columns={columns}
          rows={rows}
          rowKey={(row) => `${row.visit}/${row.sampleType}/${row.siteId ?? 'all'}`}
          labels={(row) => [
            visitName(protocol, row.visit),
            sampleTypeName(protocol, row.sampleType),
            ...(multiSite ? [siteCode(row.siteId)] : []),
          ]}
          what={(row, column) => `${name(row)} · ${column.label}${multiSite ? ` · ${siteCode(row.siteId)}` : ''}`}
          isTotal={(row) => multiSite && row.siteId === null}
          testId="inventory-aliquots"
          minWidth={820}
        />
      )}
      <div>
        <Title order={3} size="h5" mb="xs">
          {s.freezersHeading}
        </Title>
        {data.freezers.length === 0 ? (
          <Text c="dimmed">{s.noFreezers}</Text>
        ) : (
          <Table.ScrollContainer minWidth={620}>
            <Table verticalSpacing={4} captionSide="top" data-testid="inventory-freezers">
              <Table.Caption>{s.freezersCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{s.freezer}</Table.Th>
                  <Table.Th scope="col">{t.dashboards.site}</Table.Th>
                  <Table.Th scope="col">{s.kind}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {s.positions}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {s.used}
                  </Table.Th>
                  <Table.Th scope="col">{t.dashboards.percent}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.freezers.map((freezer) => (
                  <Table.Tr key={freezer.freezerId}>
                    <Table.Th scope="row" fw={500}>
                      {freezer.name}
                    </Table.Th>
                    <Table.Td>{siteCode(freezer.siteId)}</Table.Td>
                    <Table.Td>{kindText(freezer.kind)}</Table.Td>
                    <NumberCell>{countText(freezer.positions, language)}</NumberCell>
                    <CountCell count={freezer.used} what={`${freezer.name} · ${s.used}`} />
                    <Table.Td miw={140}>
                      <Progress
                        value={freezer.percent ?? 0}
                        aria-label={`${freezer.name}: ${percentText(freezer.percent, language)}`}
                        size="lg"
                      />
                      <Text size="xs" c="dimmed">
                        {percentText(freezer.percent, language)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
    </Stack>
  );
}
