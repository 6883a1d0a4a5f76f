import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { participantsEndpoints } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import { keys, useSiteToday, useStudy } from '../api/queries.ts';
import type { ParticipantSummary } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ConsentBadge, StateBadge, VisitStatusBadge } from '../components/status.tsx';
import { formatDay, formatWhen } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { useErrorText } from '../components/errors.ts';

export function ParticipantsPage() {
  const errorText = useErrorText();
  const t = useT();
  const p = t.participants;
  const { language } = useLanguage();
  const { site } = useCurrentSite();
  const study = useStudy();
  const today = useSiteToday(site);
  const siteId = site?.id ?? 0;
  const participants = useQuery({
    queryKey: keys.participants(siteId),
    queryFn: () => api.call(participantsEndpoints.list, { params: { siteId } }),
    enabled: site !== null,
    select: (data) => data.participants,
  });
  if (site === null) return <PageHeader title={p.title} intro={p.noSite} />;
  const zone = site.timeZone;
  const visitName = (code: string) => study.data?.visits.visits.find((v) => v.code === code)?.name ?? code;
  const consentOverdue = (c: ParticipantSummary['consent']) =>
    c.status === 'pending' && c.dueOn !== null && c.dueOn < today;

  return (
    <>
      <PageHeader title={p.title} intro={p.intro} />
      <Card withBorder radius="md" p={0}>
        {participants.isPending && <Loader m="lg" aria-label={t.common.loading} />}
        {participants.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(participants.error)}
          </Alert>
        )}
        {participants.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {p.empty}
          </Text>
        )}
        {participants.data !== undefined && participants.data.length > 0 && (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Caption className="visually-hidden">{p.tableCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{p.studyId}</Table.Th>
                  <Table.Th scope="col">{p.state}</Table.Th>
                  <Table.Th scope="col">{p.consent}</Table.Th>
                  <Table.Th scope="col">{p.nextVisit}</Table.Th>
                  <Table.Th scope="col">{p.enrolled}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participants.data.map((participant) => {
                  const overdue = consentOverdue(participant.consent);
                  const next = participant.nextVisit;
                  return (
                    <Table.Tr key={participant.id}>
                      <Table.Td fw={600}>
                        <Anchor component={Link} to={`/participants/${participant.id}`}>
                          {participant.studyId}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <StateBadge state={participant.state} />
                          {participant.destructionPending && (
                            <Badge color="red" variant="outline" tt="none">
                              {p.destructionPending}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <ConsentBadge status={participant.consent.status} overdue={overdue} />
                          {participant.consent.status === 'pending' && participant.consent.dueOn !== null && (
                            <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 700 : undefined}>
                              {p.dueOn(formatDay(participant.consent.dueOn, language))}
                              {overdue && ` · ${p.consentOverdue}`}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        {next === null ? (
                          p.none
                        ) : (
                          <Stack gap={2}>
                            <Group gap={6}>
                              <Text size="sm">{visitName(next.visit)}</Text>
                              <VisitStatusBadge status={next.status} />
                            </Group>
                            {next.earliest !== null && next.latest !== null && (
                              <Text size="xs" c="dimmed">
                                {formatWhen(next.earliest, zone, language)} – {formatWhen(next.latest, zone, language)}
                              </Text>
                            )}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td>{formatWhen(participant.enrolledAt, zone, language)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}
