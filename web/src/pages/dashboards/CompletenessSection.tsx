import { Stack, Text, Title } from '@mantine/core';
import type { Completeness } from '../../../../src/features/dashboards/contract.ts';
import { queryAgeBuckets } from '../../../../src/features/dashboards/contract.ts';
import { useCompleteness } from '../../api/dashboard-queries.ts';
import { Section } from '../../components/Section.tsx';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CountTable, type Column } from './CountTable.tsx';
import { groupedBySite, percentText, rowsOf } from './dashboard-text.ts';
import { QueryState } from './QueryState.tsx';
import { useDashboardScope } from './scope.tsx';

type FormRow = Completeness['forms'][number];
type ItemRow = FormRow['items'][number];
type QueryRow = Completeness['queries'][number];

/** Per form: records complete, the items missing; open queries by age. */
export function CompletenessSection() {
  const t = useT();
  const query = useCompleteness(useDashboardScope());
  return (
    <Section title={t.dashCompleteness.heading}>
      <QueryState query={query}>{(data) => <CompletenessContent data={data} />}</QueryState>
    </Section>
  );
}

function CompletenessContent({ data }: { data: Completeness }) {
  const t = useT();
  const c = t.dashCompleteness;
  const { language } = useLanguage();
  const multiSite = data.sites.length > 1;
  const siteCode = (siteId: number | null) =>
    siteId === null ? t.dashboards.all : (data.sites.find((s) => s.id === siteId)?.code ?? String(siteId));
  const forms = groupedBySite(data.forms, (row) => row.form, data.sites);
  const formColumns: Column<FormRow>[] = [
    { key: 'records', label: c.records, value: (row) => row.records },
    { key: 'complete', label: c.complete, value: (row) => row.complete },
    { key: 'percent', label: t.dashboards.percent, value: (row) => percentText(row.percent, language) },
  ];
  const itemColumns: Column<ItemRow>[] = [
    { key: 'expected', label: c.expected, value: (row) => row.expected },
    { key: 'missing', label: c.missing, value: (row) => row.missing },
    { key: 'percent', label: t.dashboards.percent, value: (row) => percentText(row.percent, language) },
  ];
  const queryColumns: Column<QueryRow>[] = [
    { key: 'open', label: c.open, value: (row) => row.open },
    ...queryAgeBuckets.map((bucket) => ({
      key: bucket,
      label: c.buckets[bucket],
      value: (row: QueryRow) => row.byAge.find((b) => b.bucket === bucket)?.count ?? null,
    })),
  ];

  return (
    <Stack gap="lg">
      {forms.length === 0 ? (
        <Text c="dimmed">{c.noForms}</Text>
      ) : (
        <CountTable
          caption={c.formsCaption}
          heads={multiSite ? [c.form, t.dashboards.site] : [c.form]}
          columns={formColumns}
          rows={forms}
          rowKey={(row) => `${row.form}/${row.siteId ?? 'all'}`}
          labels={(row) => (multiSite ? [row.name, siteCode(row.siteId)] : [row.name])}
          what={(row, column) => `${row.name} · ${column.label}${multiSite ? ` · ${siteCode(row.siteId)}` : ''}`}
          isTotal={(row) => multiSite && row.siteId === null}
          testId="completeness-forms"
        />
      )}
      {rowsOf(data.forms, null)
        .filter((form) => form.records.n > 0 && form.items.length > 0)
        .map((form) => (
          <details key={form.form} data-testid={`completeness-items-${form.form}`}>
            <summary>
              {form.name} · {c.items(form.items.length)} · {percentText(form.percent, language)}
            </summary>
            <CountTable
              caption={c.itemsCaption(form.name)}
              heads={[c.item]}
              columns={itemColumns}
              rows={form.items}
              rowKey={(row) => row.item}
              labels={(row) => [row.label]}
              what={(row, column) => `${form.name} · ${row.label} · ${column.label}`}
              minWidth={480}
            />
          </details>
        ))}
      <div>
        <Title order={3} size="h5" mb="xs">
          {c.queriesHeading}
        </Title>
        <CountTable
          caption={c.queriesCaption}
          heads={[t.dashboards.site]}
          columns={queryColumns}
          rows={groupedBySite(data.queries, () => 'queries', data.sites)}
          rowKey={(row) => String(row.siteId ?? 'all')}
          labels={(row) => [siteCode(row.siteId)]}
          what={(row, column) => `${c.queriesHeading} · ${column.label} · ${siteCode(row.siteId)}`}
          isTotal={(row) => multiSite && row.siteId === null}
          testId="completeness-queries"
          minWidth={480}
        />
      </div>
    </Stack>
  );
}
