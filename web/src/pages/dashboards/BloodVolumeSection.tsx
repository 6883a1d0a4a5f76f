import { Stack, Table, Text } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import type { BloodVolumes } from '../../../../src/features/dashboards/contract.ts';
import { useBloodVolumes } from '../../api/dashboard-queries.ts';
import { useStudy } from '../../api/queries.ts';
import { Section } from '../../components/Section.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CountCell } from './CountLink.tsx';
import { CountTable, type Column } from './CountTable.tsx';
import { DetailsTable } from './DetailsTable.tsx';
import { groupedBySite, rowsOf, sumOf, visitName } from './dashboard-text.ts';
import { PlotChart, type PlotModule } from './PlotChart.tsx';
import { QueryState } from './QueryState.tsx';
import { useDashboardScope } from './scope.tsx';

type Row = BloodVolumes['rows'][number];

/** The 40 mL rule: blood drawn per visit (histogram), median and maximum, the visits over the limit. */
export function BloodVolumeSection() {
  const t = useT();
  const query = useBloodVolumes(useDashboardScope());
  return (
    <Section title={t.dashBlood.heading}>
      <QueryState query={query}>{(data) => <BloodContent data={data} />}</QueryState>
    </Section>
  );
}

function BloodContent({ data }: { data: BloodVolumes }) {
  const t = useT();
  const b = t.dashBlood;
  const { language } = useLanguage();
  const protocol = useStudy().data;
  const multiSite = data.sites.length > 1;
  const limit = formatNumber(data.limitMl, language, 1);
  const ml = (value: number | null) => (value === null ? t.dashboards.none : formatNumber(value, language, 1));
  const siteCode = (siteId: number | null) =>
    siteId === null ? t.dashboards.all : (data.sites.find((s) => s.id === siteId)?.code ?? String(siteId));
  const totals = useMemo(() => rowsOf(data.rows, null), [data.rows]);
  const deviations = sumOf(totals.map((row) => row.overLimit));
  const drawn = sumOf(totals.map((row) => row.drawn));

  const draw = useCallback(
    (plot: PlotModule, width: number) => {
      const bins = totals.flatMap((row) =>
        row.histogram.map((bin) => ({
          visit: visitName(protocol, row.visit),
          fromMl: bin.fromMl,
          toMl: bin.toMl,
          n: bin.count.n,
          over: bin.fromMl >= data.limitMl,
        })),
      );
      return plot.plot({
        width,
        height: 90 * totals.length + 60,
        marginLeft: 48,
        marginRight: 130,
        x: { label: b.volume, domain: [0, Math.max(data.limitMl * 1.25, ...bins.map((bin) => bin.toMl))] },
        y: { label: b.visits, grid: true },
        fy: { label: null, domain: totals.map((row) => visitName(protocol, row.visit)) },
        color: { domain: [false, true], range: ['#339af0', '#fa5252'] },
        marks: [
          plot.rectY(bins, { x1: 'fromMl', x2: 'toMl', y: 'n', fy: 'visit', fill: 'over', inset: 0.5 }),
          plot.ruleX([data.limitMl], { stroke: '#e03131', strokeWidth: 2, strokeDasharray: '4 3' }),
          plot.ruleY([0]),
        ],
      });
    },
    [totals, protocol, data.limitMl, b],
  );

  const columns: Column<Row>[] = [
    { key: 'drawn', label: b.drawn, value: (row) => row.drawn },
    { key: 'median', label: b.median, value: (row) => ml(row.medianMl) },
    { key: 'max', label: b.max, value: (row) => ml(row.maxMl) },
    { key: 'over', label: b.overLimit, value: (row) => row.overLimit },
  ];
  const name = (row: Row) => visitName(protocol, row.visit);
  return (
    <Stack gap="md">
      <Text data-testid="blood-rule">{b.rule(limit)}</Text>
      <Text fw={700} size="lg" c={deviations > 0 ? 'red.8' : undefined} data-testid="blood-deviations">
        {b.deviations(deviations)}
      </Text>
      {drawn === 0 ? (
        <Text c="dimmed">{b.none}</Text>
      ) : (
        <PlotChart label={b.chartLabel(limit)} draw={draw} testId="blood-chart" />
      )}
      <CountTable
        caption={b.caption}
        heads={multiSite ? [t.dashboards.visit, t.dashboards.site] : [t.dashboards.visit]}
        columns={columns}
        rows={groupedBySite(data.rows, (row) => row.visit, data.sites)}
        rowKey={(row) => `${row.visit}/${row.siteId ?? 'all'}`}
        labels={(row) => (multiSite ? [name(row), siteCode(row.siteId)] : [name(row)])}
        what={(row, column) => `${name(row)} · ${column.label}${multiSite ? ` · ${siteCode(row.siteId)}` : ''}`}
        isTotal={(row) => multiSite && row.siteId === null}
        testId="blood-table"
      />
      {totals.map((row) => (
        <DetailsTable
          key={row.visit}
          summary={b.histogramCaption(name(row))}
          caption={b.histogramCaption(name(row))}
          testId={`blood-histogram-${row.visit}`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{b.volume}</Table.Th>
              <Table.Th scope="col" ta="right">
                {b.visits}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row.histogram.map((bin) => {
              const range = b.bin(formatNumber(bin.fromMl, language, 1), formatNumber(bin.toMl, language, 1));
              return (
                <Table.Tr key={bin.fromMl}>
                  <Table.Th scope="row" fw={500}>
                    {range}
                  </Table.Th>
                  <CountCell count={bin.count} what={`${name(row)} · ${range}`} />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </DetailsTable>
      ))}
    </Stack>
  );
}
