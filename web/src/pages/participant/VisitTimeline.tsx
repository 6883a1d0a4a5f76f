import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ParticipantDetail, StudyProtocol, VisitTimelineEntry } from '../../api/types.ts';
import { Section } from '../../components/Section.tsx';
import { visitStatusColor, VisitStatusBadge } from '../../components/status.tsx';
import { formatInZone, formatWhen } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { RecordVisitModal } from './RecordVisitModal.tsx';

interface VisitTimelineProps {
  participant: ParticipantDetail;
  protocol: StudyProtocol;
  zone: string;
  canWrite: boolean;
}

/** One card per visit of the protocol, in order: its window, target, status and what was recorded. */
export function VisitTimeline({ participant, protocol, zone, canWrite }: VisitTimelineProps) {
  const t = useT();
  const v = t.visits;
  const { language } = useLanguage();
  const [recording, setRecording] = useState<VisitTimelineEntry | null>(null);
  const when = (value: string) => formatWhen(value, zone, language);

  return (
    <Section title={v.heading}>
      <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
        {participant.visits.map((visit) => (
          <Card
            key={visit.visit}
            component="li"
            withBorder
            radius="sm"
            p="sm"
            aria-label={visit.name}
            data-testid={`visit-${visit.visit}`}
            style={{ borderLeft: `4px solid var(--mantine-color-${visitStatusColor[visit.status]}-6)` }}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={2}>
                <Group gap="sm">
                  <Text fw={700}>{visit.name}</Text>
                  <VisitStatusBadge status={visit.status} />
                </Group>
                <Text size="sm" c="dimmed">
                  {visit.earliest !== null && visit.latest !== null
                    ? `${v.window}: ${when(visit.earliest)} – ${when(visit.latest)}`
                    : v.windowUnknown}
                  {visit.target !== null && ` · ${v.target}: ${when(visit.target)}`}
                </Text>
                {visit.record !== null && <RecordLine record={visit.record} zone={zone} />}
              </Stack>
              {canWrite && visit.status !== 'not_applicable' && (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={v.recordAria(visit.name)}
                  onClick={() => setRecording(visit)}
                >
                  {v.record}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <RecordVisitModal
        visit={recording}
        participant={participant}
        protocol={protocol}
        zone={zone}
        onClose={() => setRecording(null)}
      />
    </Section>
  );
}

function RecordLine({ record, zone }: { record: NonNullable<VisitTimelineEntry['record']>; zone: string }) {
  const t = useT();
  const v = t.visits;
  const { language } = useLanguage();
  const by = record.recordedBy === null ? [] : [v.recordedBy(record.recordedBy)];
  if (record.outcome === 'missed') {
    return <Text size="sm">{[v.missed(record.missedReason ?? ''), ...by].join(' · ')}</Text>;
  }
  const parts = [v.done(record.occurredAt === null ? '' : formatInZone(record.occurredAt, zone, language))];
  if (record.bloodDrawn === true) parts.push(v.blood(record.bloodVolumeMl ?? 0));
  if (record.bloodDrawn === false) parts.push(v.noBlood(record.noBloodReason ?? ''));
  if (record.tubes.length > 0) parts.push(record.tubes.map((tube) => `${tube.count}× ${tube.tube}`).join(', '));
  return <Text size="sm">{[...parts, ...by].join(' · ')}</Text>;
}
