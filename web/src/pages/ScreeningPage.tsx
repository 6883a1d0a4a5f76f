import { Alert, Button, Card, CloseButton, Group, List, Loader, NativeSelect, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { screeningEndpoints } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import { keys, useSiteToday, useStudy } from '../api/queries.ts';
import type { ScreeningCreated, ScreeningQuery, ScreeningView } from '../api/types.ts';
import { DateField } from '../components/DateFields.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDay } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { useAccess } from '../layout/use-access.ts';
import { EnrollModal } from './screening/EnrollModal.tsx';
import { NewScreeningModal } from './screening/NewScreeningModal.tsx';
import { OutcomeModal, type ReasonOutcome } from './screening/OutcomeModal.tsx';
import { ScreeningTable } from './screening/ScreeningTable.tsx';
import { useErrorText } from '../components/errors.ts';

interface Filter {
  outcome: string;
  eligible: string;
  from: string;
  to: string;
}

export function ScreeningPage() {
  const errorText = useErrorText();
  const t = useT();
  const s = t.screening;
  const { language } = useLanguage();
  const { site } = useCurrentSite();
  const access = useAccess();
  const study = useStudy();
  // The server's date at the site, ready before the form that defaults to it opens.
  useSiteToday(site);
  const [filter, setFilter] = useState<Filter>({ outcome: '', eligible: '', from: '', to: '' });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ScreeningCreated | null>(null);
  const [outcomeTarget, setOutcomeTarget] = useState<{ screening: ScreeningView; outcome: ReasonOutcome } | null>(null);
  const [enrolling, setEnrolling] = useState<ScreeningView | null>(null);
  const siteId = site?.id ?? 0;
  const screenings = useQuery({
    queryKey: keys.screenings(siteId, filter),
    queryFn: () => api.call(screeningEndpoints.list, { params: { siteId }, query: filter as ScreeningQuery }),
    enabled: site !== null,
    select: (data) => data.screenings,
  });

  if (site === null) return <PageHeader title={s.title} intro={s.noSite} />;
  const set = (key: keyof Filter) => (event: { currentTarget: { value: string } }) =>
    setFilter({ ...filter, [key]: event.currentTarget.value });

  return (
    <>
      <PageHeader
        title={s.title}
        intro={s.intro}
        actions={
          <Group>
            <Button
              component="a"
              variant="default"
              href={api.hrefOf(screeningEndpoints.export, { params: { siteId: site.id } })}
              download
            >
              {s.exportCsv}
            </Button>
            {access.writeParticipants && (
              <Button onClick={() => setCreating(true)} disabled={study.data === undefined}>
                {s.newScreening}
              </Button>
            )}
          </Group>
        }
      />
      {created !== null && created.earlierScreenings.length > 0 && (
        <Alert color="yellow" variant="light" mb="md" role="alert" title={s.rescreenTitle} withCloseButton={false}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div>
              <Text size="sm">{s.rescreenText}</Text>
              <List size="sm">
                {created.earlierScreenings.map((earlier) => (
                  <List.Item key={earlier.id}>
                    {s.rescreenItem(
                      formatDay(earlier.screenedOn, language),
                      s.outcomes[earlier.outcome],
                      earlier.studyId,
                    )}
                  </List.Item>
                ))}
              </List>
            </div>
            <CloseButton aria-label={t.common.close} onClick={() => setCreated(null)} />
          </Group>
        </Alert>
      )}
      <Group mb="md" align="flex-end" role="search">
        <NativeSelect
          label={s.outcome}
          value={filter.outcome}
          onChange={set('outcome')}
          data={[
            { value: '', label: s.anyOutcome },
            ...Object.entries(s.outcomes).map(([value, label]) => ({ value, label })),
          ]}
        />
        <NativeSelect
          label={s.eligible}
          value={filter.eligible}
          onChange={set('eligible')}
          data={[
            { value: '', label: s.any },
            { value: 'true', label: s.yes },
            { value: 'false', label: s.no },
          ]}
        />
        <DateField label={s.from} value={filter.from} onChange={(from) => setFilter({ ...filter, from })} />
        <DateField label={s.to} value={filter.to} onChange={(to) => setFilter({ ...filter, to })} />
      </Group>
      <Card withBorder radius="md" p={0}>
        {screenings.isPending && <Loader m="lg" aria-label={t.common.loading} />}
        {screenings.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(screenings.error)}
          </Alert>
        )}
        {screenings.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {s.empty}
          </Text>
        )}
        {screenings.data !== undefined && screenings.data.length > 0 && (
          <ScreeningTable
            screenings={screenings.data}
            site={site}
            protocol={study.data}
            canWrite={access.writeParticipants}
            onOutcome={(screening, outcome) => setOutcomeTarget({ screening, outcome })}
            onEnroll={setEnrolling}
          />
        )}
      </Card>
      {study.data !== undefined && (
        <>
          <NewScreeningModal
            opened={creating}
            onClose={() => setCreating(false)}
            site={site}
            protocol={study.data}
            onSaved={(result) => {
              setCreating(false);
              setCreated(result);
            }}
          />
          <EnrollModal screening={enrolling} onClose={() => setEnrolling(null)} site={site} protocol={study.data} />
        </>
      )}
      <OutcomeModal target={outcomeTarget} onClose={() => setOutcomeTarget(null)} />
    </>
  );
}
