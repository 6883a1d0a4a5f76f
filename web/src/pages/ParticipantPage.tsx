import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useParticipant, useSiteToday, useStudy } from '../api/queries.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ConsentBadge, destructionWhat, StateBadge } from '../components/status.tsx';
import { formatDay, formatInZone } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { useAccess } from '../layout/use-access.ts';
import { ConsentSection } from './participant/ConsentSection.tsx';
import { DeviationsSection } from './participant/DeviationsSection.tsx';
import { EventsSection } from './participant/EventsSection.tsx';
import { FhirSection } from './participant/FhirSection.tsx';
import { FormsSection } from './participant/FormsSection.tsx';
import { RuleImmunotypeSection } from './participant/RuleImmunotypeSection.tsx';
import { SofaDaysSection } from './participant/SofaDaysSection.tsx';
import { IdentitySection } from './participant/IdentitySection.tsx';
import { VisitTimeline } from './participant/VisitTimeline.tsx';
import { WithdrawModal } from './participant/WithdrawModal.tsx';
import { SamplesSection } from './biobank/SamplesSection.tsx';
import { ResultsSection } from './labs/ResultsSection.tsx';
import { useErrorText } from '../components/errors.ts';

export function ParticipantPage() {
  const errorText = useErrorText();
  const t = useT();
  const p = t.participant;
  const { language } = useLanguage();
  const { participantId } = useParams();
  const id = Number(participantId);
  const { site: currentSite, sites } = useCurrentSite();
  // The server's date at the site, ready before the forms that default to it open.
  useSiteToday(currentSite);
  const access = useAccess();
  const study = useStudy();
  const [withdrawing, setWithdrawing] = useState(false);
  const participant = useParticipant(id);

  const notFound =
    !(Number.isInteger(id) && id > 0) || (isApiError(participant.error) && participant.error.status === 404);
  if (notFound) {
    return (
      <>
        <PageHeader title={p.notFoundTitle} />
        <Alert color="yellow" variant="light" role="alert">
          {p.notFound}
        </Alert>
        <Anchor component={Link} to="/participants" mt="md" display="inline-block">
          {p.back}
        </Anchor>
      </>
    );
  }
  if (participant.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(participant.error)}
      </Alert>
    );
  }
  if (participant.data === undefined || study.data === undefined)
    return <Loader m="lg" aria-label={t.common.loading} />;

  const detail = participant.data;
  const protocol = study.data;
  // Times are read in the participant's own site's zone, not the current site's (a monitor may switch sites).
  const site = sites.find((s) => s.id === detail.siteId);
  const zone = site?.timeZone ?? 'UTC';
  // Data waiting to be destroyed stays as the investigator is asked to approve it: no changes meanwhile.
  const canWrite = access.writeParticipants && detail.state === 'active' && detail.destruction?.status !== 'pending';
  const scope =
    detail.withdrawal === null ? null : protocol.withdrawal.scopes.find((s) => s.code === detail.withdrawal?.scope);

  return (
    <>
      <PageHeader
        title={p.title(detail.studyId)}
        actions={
          <Group>
            {canWrite && (
              <Button variant="outline" color="red" onClick={() => setWithdrawing(true)}>
                {t.withdrawal.button}
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="lg">
        <Group gap="sm" data-testid="participant-status">
          <StateBadge state={detail.state} />
          <ConsentBadge status={detail.consent.status} />
          {detail.consent.status === 'pending' && detail.consent.dueOn !== null && (
            <Text size="sm">{t.participants.dueOn(formatDay(detail.consent.dueOn, language))}</Text>
          )}
          <Text size="sm" c="dimmed">
            · {p.enrolledOn(formatInZone(detail.enrolledAt, zone, language))} ·{' '}
            {p.admission(formatInZone(detail.icuAdmissionAt, zone, language))} · {p.protocol(detail.protocolVersion)}
          </Text>
        </Group>
        {detail.destruction?.status === 'pending' && (
          <Alert color="red" variant="light" role="alert" data-testid="destruction-pending">
            {p.destructionPending(destructionWhat(t, detail.destruction))}
          </Alert>
        )}
        {detail.withdrawal !== null && (
          <Alert color="gray" variant="light">
            {p.withdrawnInfo(formatDay(detail.withdrawal.date, language), scope?.name ?? detail.withdrawal.scope)}
            {detail.withdrawal.reason !== null && ` ${detail.withdrawal.reason}`}
          </Alert>
        )}
        {access.readIdentity && <IdentitySection participantId={detail.id} canEdit={access.writeParticipants} />}
        <ConsentSection participant={detail} protocol={protocol} canWrite={canWrite} />
        <VisitTimeline participant={detail} protocol={protocol} zone={zone} canWrite={canWrite} />
        <FormsSection participantId={detail.id} protocol={protocol} />
        {canWrite && protocol.fhirMapping !== undefined && (
          <FhirSection participantId={detail.id} protocol={protocol} zone={zone} />
        )}
        <SamplesSection participant={detail} protocol={protocol} zone={zone} />
        <ResultsSection participantId={detail.id} protocol={protocol} />
        <RuleImmunotypeSection participantId={detail.id} siteId={detail.siteId} protocol={protocol} />
        <SofaDaysSection participantId={detail.id} />
        <EventsSection participant={detail} canWrite={canWrite} />
        <DeviationsSection participant={detail} protocol={protocol} />
      </Stack>
      <WithdrawModal
        opened={withdrawing}
        onClose={() => setWithdrawing(false)}
        participant={detail}
        protocol={protocol}
        site={site ?? null}
      />
    </>
  );
}
