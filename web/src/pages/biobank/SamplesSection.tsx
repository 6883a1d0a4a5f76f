import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { TubeView } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useParticipantSamples } from '../../api/sample-queries.ts';
import type { ParticipantDetail, StudyProtocol, VisitTimelineEntry } from '../../api/types.ts';
import { useErrorText } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { useSampleAccess } from '../../layout/use-access.ts';
import { ProcessTubesModal } from './ProcessTubesModal.tsx';
import { VisitSamplesTable } from './VisitSamplesTable.tsx';

interface SamplesSectionProps {
  participant: ParticipantDetail;
  protocol: StudyProtocol;
  zone: string;
}

/**
 * The participant's samples per visit: each visit with blood drawn (or tubes processed) with its tubes and
 * aliquots, a "Process tubes" form and the visit's label sheet.
 */
export function SamplesSection({ participant, protocol, zone }: SamplesSectionProps) {
  const t = useT();
  const s = t.samples;
  const errorText = useErrorText();
  const samples = useParticipantSamples(participant.id);
  const access = useSampleAccess(participant.siteId);
  const [processing, setProcessing] = useState<VisitTimelineEntry | null>(null);
  const tubesOf = (visit: string): TubeView[] => samples.data?.visits.find((v) => v.visit === visit)?.tubes ?? [];
  const drawn = (visit: VisitTimelineEntry) => visit.record?.outcome === 'done' && visit.record.bloodDrawn === true;
  const visits = participant.visits.filter((visit) => drawn(visit) || tubesOf(visit.visit).length > 0);
  const canProcess = access.process && samples.data?.toBeDestroyed === false;

  return (
    <Section title={s.heading}>
      {samples.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {samples.isError && (
        <Alert color="red" role="alert">
          {errorText(samples.error)}
        </Alert>
      )}
      {samples.data?.toBeDestroyed === true && (
        <Alert color="red" variant="light" mb="sm">
          {s.toBeDestroyed}
        </Alert>
      )}
      {samples.data !== undefined && visits.length === 0 && <Text c="dimmed">{s.none}</Text>}
      {samples.data !== undefined && (
        <Stack gap="md">
          {visits.map((visit) => {
            const tubes = tubesOf(visit.visit);
            const aliquots = tubes.reduce((n, tube) => n + tube.aliquots.length, 0);
            const labels = (format: 'pdf' | 'zpl') =>
              api.hrefOf(samplesEndpoints.labels, {
                params: { participantId: participant.id, visit: visit.visit },
                query: { format },
              });
            return (
              <Card
                key={visit.visit}
                withBorder
                radius="sm"
                p="sm"
                component="section"
                aria-label={s.visitHeading(visit.name)}
                data-testid={`samples-${visit.visit}`}
              >
                <Group justify="space-between" mb="xs">
                  <Title order={3} size="h5">
                    {s.visitHeading(visit.name)}
                  </Title>
                  <Group gap="xs">
                    {access.labels && aliquots > 0 && (
                      <>
                        <Anchor href={labels('pdf')} size="sm" download>
                          {s.labelsPdf}
                        </Anchor>
                        <Anchor href={labels('zpl')} size="sm" download>
                          {s.labelsZpl}
                        </Anchor>
                      </>
                    )}
                    {canProcess && drawn(visit) && (
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={s.processAria(visit.name)}
                        onClick={() => setProcessing(visit)}
                      >
                        {s.process}
                      </Button>
                    )}
                  </Group>
                </Group>
                {tubes.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {s.noTubes}
                  </Text>
                ) : (
                  <VisitSamplesTable visitName={visit.name} tubes={tubes} protocol={protocol} zone={zone} />
                )}
              </Card>
            );
          })}
        </Stack>
      )}
      <ProcessTubesModal
        participantId={participant.id}
        visit={processing}
        processed={processing === null ? [] : tubesOf(processing.visit)}
        protocol={protocol}
        zone={zone}
        onClose={() => setProcessing(null)}
      />
    </Section>
  );
}
