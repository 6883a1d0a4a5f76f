import { Alert, Anchor, Badge, Group, List, Loader, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useStudy, useWorklist } from '../api/queries.ts';
import type { WorkItem } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { VisitStatusBadge } from '../components/status.tsx';
import { formatDay, formatWhen } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { useErrorText } from '../components/errors.ts';

export function WorklistPage() {
  const errorText = useErrorText();
  const t = useT();
  const w = t.worklist;
  const { language } = useLanguage();
  const { site } = useCurrentSite();
  const study = useStudy();
  const worklist = useWorklist(site?.id ?? null);
  if (site === null) return <PageHeader title={w.title} intro={w.noSite} />;
  const zone = site.timeZone;
  const visitName = (code: string) => study.data?.visits.visits.find((v) => v.code === code)?.name ?? code;
  const data = worklist.data;

  const visits = (title: string, items: WorkItem[]) => (
    <Section title={title}>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {w.nothing}
        </Text>
      ) : (
        <List spacing={6} aria-label={title}>
          {items.map((item) => (
            <List.Item key={`${item.participantId}-${item.visit}`}>
              <Group gap={8}>
                <Anchor component={Link} to={`/participants/${item.participantId}`} fw={600}>
                  {item.studyId}
                </Anchor>
                <Text size="sm">{visitName(item.visit)}</Text>
                <VisitStatusBadge status={item.status} />
                {item.earliest !== null && item.latest !== null && (
                  <Text size="xs" c="dimmed">
                    {w.window(formatWhen(item.earliest, zone, language), formatWhen(item.latest, zone, language))}
                  </Text>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );

  return (
    <>
      <PageHeader title={w.title} intro={data === undefined ? undefined : w.intro(formatDay(data.today, language))} />
      {worklist.isPending && <Loader m="lg" aria-label={t.common.loading} />}
      {worklist.isError && (
        <Alert color="red" role="alert">
          {errorText(worklist.error)}
        </Alert>
      )}
      {data !== undefined && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {visits(w.overdue, data.overdue)}
          {visits(w.dueToday, data.dueToday)}
          {visits(w.dueThisWeek, data.dueThisWeek)}
          {visits(w.followUpCalls, data.followUpCalls)}
          <Section title={w.consentsPending}>
            {data.consentsPending.length === 0 ? (
              <Text c="dimmed" size="sm">
                {w.nothing}
              </Text>
            ) : (
              <List spacing={6} aria-label={w.consentsPending}>
                {data.consentsPending.map((item) => (
                  <List.Item key={item.participantId}>
                    <Group gap={8}>
                      <Anchor component={Link} to={`/participants/${item.participantId}`} fw={600}>
                        {item.studyId}
                      </Anchor>
                      {item.dueOn !== null && (
                        <Text size="sm" c={item.overdue ? 'red' : undefined}>
                          {w.consentDue(formatDay(item.dueOn, language))}
                        </Text>
                      )}
                      {item.overdue && (
                        <Badge color="red" variant="light" tt="none">
                          {w.overdueTag}
                        </Badge>
                      )}
                    </Group>
                  </List.Item>
                ))}
              </List>
            )}
          </Section>
        </SimpleGrid>
      )}
    </>
  );
}
