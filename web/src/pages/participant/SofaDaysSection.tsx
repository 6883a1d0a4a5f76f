import { Table, Text } from '@mantine/core';
import { organs, type Organ } from '../../../../src/clinical/sofa/result.ts';
import { useSofaDays } from '../../api/form-queries.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';

/**
 * SOFA-2 over the ICU stay as the server works it out from the daily forms: the organ scores of each day, and
 * which organs had no data (the first day scores them 0, later days carry the day before's points).
 */
export function SofaDaysSection({ participantId }: { participantId: number }) {
  const t = useT();
  const s = t.sofaDays;
  const days = useSofaDays(participantId).data?.days ?? [];
  if (days.length === 0) return null;
  const organName = (organ: string) => t.sofa.organs[organ as Organ] ?? organ;
  return (
    <Section title={s.heading}>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" id="sofa-days">
          <Table.Caption>{s.caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{s.day}</Table.Th>
              {organs.map((organ) => (
                <Table.Th scope="col" key={organ}>
                  {organName(organ)}
                </Table.Th>
              ))}
              <Table.Th scope="col">{s.total}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((day) => (
              <Table.Tr key={day.slot}>
                <Table.Th scope="row">{day.day}</Table.Th>
                {organs.map((organ) => {
                  const carried = day.carriedForward.includes(organ);
                  const missing = day.missing.includes(organ);
                  return (
                    <Table.Td key={organ} title={carried ? s.carried : missing ? s.missing : undefined}>
                      <Text span c={carried || missing ? 'dimmed' : undefined} fs={carried ? 'italic' : undefined}>
                        {day.components[organ]}
                        {carried ? ' ↓' : missing ? ' –' : ''}
                      </Text>
                    </Table.Td>
                  );
                })}
                <Table.Td fw={600}>{day.total}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        ↓ {s.carried} · – {s.missing}
      </Text>
    </Section>
  );
}
