import { Alert, Card, Loader, NativeSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { useSiteQueries } from '../api/form-queries.ts';
import { useStudy } from '../api/queries.ts';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { QueryTable } from './form-reports/QueryTable.tsx';

const filters = ['active', 'open', 'answered', 'closed'] as const;
type Filter = (typeof filters)[number];

/** The site's queries with their age, by status; each links to its field on the form. */
export function QueriesPage() {
  const t = useT();
  const q = t.queries;
  const errorText = useErrorText();
  const { site } = useCurrentSite();
  const study = useStudy();
  const [status, setStatus] = useState<Filter>('active');
  const queries = useSiteQueries(site?.id ?? null, status);
  if (site === null) return <PageHeader title={q.title} intro={q.noSite} />;

  return (
    <>
      <PageHeader
        title={q.title}
        intro={q.intro}
        actions={
          <NativeSelect
            label={q.status}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as Filter)}
            data={filters.map((value) => ({ value, label: q.filters[value] }))}
          />
        }
      />
      <Card withBorder radius="md" p={0}>
        {(queries.isPending || study.isPending) && <Loader m="lg" aria-label={t.common.loading} />}
        {queries.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(queries.error)}
          </Alert>
        )}
        {queries.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {q.empty}
          </Text>
        )}
        {queries.data !== undefined && study.data !== undefined && queries.data.length > 0 && (
          <QueryTable queries={queries.data} protocol={study.data} />
        )}
      </Card>
    </>
  );
}
