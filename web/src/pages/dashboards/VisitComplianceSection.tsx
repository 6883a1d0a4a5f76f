import { Stack } from '@mantine/core';
import { useCallback } from 'react';
import type { VisitCompliance } from '../../../../src/features/dashboards/contract.ts';
import { useVisitCompliance } from '../../api/dashboard-queries.ts';
import type { VisitStatus } from '../../api/types.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { visitStatusHex } from './colours.ts';
import { CountTable, type Column } from './CountTable.tsx';
import { PlotChart, type PlotModule } from './PlotChart.tsx';
import { groupedBySite } from './dashboard-text.ts';
import { QueryState } from './QueryState.tsx';
import { useDashboardScope } from './scope.tsx';

type Row = VisitCompliance['rows'][number];

/** Per visit: participants done in or out of window, missed, overdue … (per site for several sites). */
export function VisitComplianceSection() {
  const t = useT();
  const query = useVisitCompliance(useDashboardScope());
  return (
    <Section title={t.dashCompliance.heading}>
      <QueryState query={query}>{(data) => <ComplianceContent data={data} />}</QueryState>
    </Section>
  );
}

function ComplianceContent({ data }: { data: VisitCompliance }) {
  const t = useT();
  const c = t.dashCompliance;
  const statusText = t.status.visit;
  const multiSite = data.sites.length > 1;
  const siteCode = (row: Row) =>
    row.siteId === null ? t.dashboards.all : (data.sites.find((s) => s.id === row.siteId)?.code ?? String(row.siteId));
  const rows = groupedBySite(data.rows, (row) => row.visit, data.sites);

  const draw = useCallback(
    (plot: PlotModule, width: number) => {
      const totals = data.rows.filter((row) => row.siteId === null);
      const bars = totals.flatMap((row) =>
        data.statuses.map((status) => ({ visit: row.name, status: statusText[status], n: row.counts[status].n })),
      );
      return plot.plot({
        width,
        height: 44 * totals.length + 70,
        marginLeft: 140,
        x: { label: c.participants, grid: true },
        y: { label: null, domain: totals.map((row) => row.name) },
        color: {
          legend: true,
          domain: data.statuses.map((s: VisitStatus) => statusText[s]),
          range: data.statuses.map((s: VisitStatus) => visitStatusHex[s]),
        },
        marks: [
          plot.barX(
            bars,
            plot.stackX({ x: 'n', y: 'visit', fill: 'status', order: data.statuses.map((s) => statusText[s]) }),
          ),
          plot.ruleX([0]),
        ],
      });
    },
    [data, statusText, c],
  );

  const columns: Column<Row>[] = [
    ...data.statuses.map((status) => ({
      key: status,
      label: statusText[status],
      value: (row: Row) => row.counts[status],
    })),
    { key: 'participants', label: c.participants, value: (row: Row) => row.participants },
  ];
  return (
    <Stack gap="md">
      <PlotChart label={c.chartLabel} draw={draw} testId="compliance-chart" />
      <CountTable
        caption={c.caption}
        heads={multiSite ? [t.dashboards.visit, t.dashboards.site] : [t.dashboards.visit]}
        columns={columns}
        rows={rows}
        rowKey={(row) => `${row.visit}/${row.siteId ?? 'all'}`}
        labels={(row) => (multiSite ? [row.name, siteCode(row)] : [row.name])}
        what={(row, column) => `${row.name} · ${column.label}${multiSite ? ` · ${siteCode(row)}` : ''}`}
        isTotal={(row) => multiSite && row.siteId === null}
        testId="compliance-table"
        minWidth={900}
      />
    </Stack>
  );
}
