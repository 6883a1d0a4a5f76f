import { List, Text } from '@mantine/core';
import type { ParticipantDetail, StudyProtocol } from '../../api/types.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';

export function DeviationsSection({
  participant,
  protocol,
}: {
  participant: ParticipantDetail;
  protocol: StudyProtocol;
}) {
  const t = useT();
  const d = t.deviations;
  const visitName = (code: string) => protocol.visits.visits.find((v) => v.code === code)?.name ?? code;
  return (
    <Section title={d.heading}>
      {participant.deviations.length === 0 ? (
        <Text c="dimmed">{d.none}</Text>
      ) : (
        <List spacing={4} aria-label={d.heading}>
          {participant.deviations.map((deviation) => (
            <List.Item key={deviation.id}>
              <Text size="sm">
                <strong>{d.kinds[deviation.kind]}</strong>
                {deviation.visit !== null && ` · ${visitName(deviation.visit)}`} · {deviation.description}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}
