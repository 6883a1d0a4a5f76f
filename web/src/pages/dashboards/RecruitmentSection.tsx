import { Group, Stack, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import type { Recruitment } from '../../../../src/features/dashboards/contract.ts';
import { useRecruitment } from '../../api/dashboard-queries.ts';
import { Section } from '../../components/Section.tsx';
import { formatDay, formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CountCell, CountLink } from './CountLink.tsx';
import { countText, monthText, rowsOf } from './dashboard-text.ts';
import { DetailsTable } from './DetailsTable.tsx';
import { PlotChart, type PlotModule } from './PlotChart.tsx';
import { QueryState } from './QueryState.tsx';
import { recruitmentSeries } from './recruitment-series.ts';
import { useDashboardScope } from './scope.tsx';
import { SplitText } from './SplitText.tsx';

const totalColour = '#343a40';
const siteColours = ['#1c7ed6', '#f08c00', '#2f9e44', '#ae3ec9', '#0c8599', '#e8590c', '#5f3dc4', '#66a80f'];

/** Enrolment over time against the target, per site, with the projected completion date. */
export function RecruitmentSection() {
  const t = useT();
  const query = useRecruitment(useDashboardScope());
  return (
    <Section title={t.dashRecruitment.heading}>
      <QueryState query={query}>{(data) => <RecruitmentContent data={data} />}</QueryState>
    </Section>
  );
}

function RecruitmentContent({ data }: { data: Recruitment }) {
  const t = useT();
  const r = t.dashRecruitment;
  const { language } = useLanguage();
  const target = countText(data.target, language);
  const projection = data.projection;
  const site = (id: number) => data.sites.find((s) => s.id === id);

  const draw = useCallback(
    (plot: PlotModule, width: number) => {
      const code = (id: number) => data.sites.find((s) => s.id === id)?.code ?? String(id);
      const series = recruitmentSeries(data, code, r.projection, t.dashboards.all);
      const several = series.sites > 1;
      return plot.plot({
        width,
        height: 320,
        marginLeft: 48,
        x: {
          type: 'utc',
          label: null,
          domain: series.until === null ? undefined : [series.total[0]?.date ?? series.until, series.until],
        },
        y: { label: r.cumulative, grid: true, domain: [0, Math.max(data.target, series.max) * 1.05] },
        color: {
          legend: several,
          domain: several ? [t.dashboards.all, ...series.names] : series.names,
          range: several ? [totalColour, ...siteColours] : siteColours,
        },
        marks: [
          plot.areaY(series.total, { x: 'date', y: 'cumulative', fill: totalColour, fillOpacity: 0.08 }),
          plot.lineY(several ? [...series.total, ...series.lines] : series.lines, {
            x: 'date',
            y: 'cumulative',
            stroke: 'name',
            strokeWidth: 2,
          }),
          plot.lineY(series.projection, {
            x: 'date',
            y: 'cumulative',
            stroke: totalColour,
            strokeDasharray: '4 4',
            clip: true,
          }),
          plot.ruleY([data.target], { stroke: '#e03131', strokeDasharray: '6 3' }),
          plot.text([data.target], {
            y: (d: number) => d,
            frameAnchor: 'left',
            dy: -8,
            dx: 4,
            text: () => r.targetLabel(target),
            fill: '#e03131',
          }),
          plot.ruleY([0]),
        ],
      });
    },
    [data, r, t.dashboards.all, target],
  );

  const enrolled = <CountLink count={data.enrolled} what={r.enrolled} />;
  const completion =
    projection.completionDate === null
      ? r.noProjection
      : projection.reached
        ? r.reached(formatDay(projection.completionDate, language))
        : r.projected(formatDay(projection.completionDate, language));
  const totals = rowsOf(data.months, null);

  return (
    <Stack gap="md">
      <Group gap="xl" align="baseline" data-testid="recruitment-text">
        <Text size="xl" fw={700} data-testid="recruitment-summary">
          <SplitText text={(n) => r.summary(n, target)} slot={enrolled} />
        </Text>
        <Text fw={600} data-testid="recruitment-projection">
          {completion}
        </Text>
      </Group>
      {projection.ratePerMonth !== null && projection.periodFrom !== null && projection.periodTo !== null && (
        <Text size="sm" c="dimmed" data-testid="recruitment-rate">
          {r.rate(
            formatNumber(projection.ratePerMonth, language, 1),
            formatDay(projection.periodFrom, language),
            formatDay(projection.periodTo, language),
          )}
          {'. '}
          {r.method}
        </Text>
      )}
      {data.months.length === 0 ? (
        <Text c="dimmed">{r.none}</Text>
      ) : (
        <PlotChart label={r.chartLabel(target)} draw={draw} testId="recruitment-chart" />
      )}
      <Table maw={480} captionSide="top" data-testid="recruitment-sites">
        <Table.Caption>{r.perSiteCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t.dashboards.site}</Table.Th>
            <Table.Th scope="col" ta="right">
              {r.enrolled}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.perSite.map((row) => (
            <Table.Tr key={row.siteId}>
              <Table.Th scope="row" fw={500}>
                {site(row.siteId)?.code ?? row.siteId} · {site(row.siteId)?.name ?? ''}
              </Table.Th>
              <CountCell count={row.enrolled} what={`${r.enrolled} · ${site(row.siteId)?.code ?? row.siteId}`} />
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t.dashboards.total}</Table.Th>
            <CountCell count={data.enrolled} what={r.enrolled} />
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {totals.length > 0 && (
        <DetailsTable summary={t.dashboards.tableView} caption={r.monthsCaption} testId="recruitment-months">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{r.month}</Table.Th>
              <Table.Th scope="col" ta="right">
                {r.enrolled}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {r.cumulative}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {totals.map((month) => {
              const name = monthText(month.month, language);
              return (
                <Table.Tr key={month.month}>
                  <Table.Th scope="row" fw={500}>
                    {name}
                  </Table.Th>
                  <CountCell count={month.enrolled} what={`${r.enrolled} · ${name}`} />
                  <CountCell count={month.cumulative} what={`${r.cumulative} · ${name}`} />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </DetailsTable>
      )}
    </Stack>
  );
}
