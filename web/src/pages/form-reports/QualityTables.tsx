import { Anchor, List, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DataQuality, StudyProtocol } from '../../api/types.ts';
import { FormStatusBadge } from '../../components/status.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { formLabel, keyLabel, slotLabel } from '../forms/form-text.ts';

/** The tables of the data-quality report. */

interface QualityRecordsTableProps {
  records: DataQuality['records'];
  protocol: StudyProtocol;
}

/** Forms with required items still empty or values the checks find, each a link to the form. */
export function QualityRecordsTable({ records, protocol }: QualityRecordsTableProps) {
  const t = useT();
  const r = t.formReports;
  if (records.length === 0) return <Text c="dimmed">{r.noRecords}</Text>;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm">
        <Table.Caption className="visually-hidden">{r.recordsCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{r.participant}</Table.Th>
            <Table.Th scope="col">{t.queries.form}</Table.Th>
            <Table.Th scope="col">{t.common.status}</Table.Th>
            <Table.Th scope="col">{r.missingRequired}</Table.Th>
            <Table.Th scope="col">{r.findings}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => {
            const definition = protocol.forms.forms.find((f) => f.id === record.form);
            return (
              <Table.Tr key={`${record.participantId}/${record.form}/${record.slot}`}>
                <Table.Td fw={600}>
                  <Anchor component={Link} to={`/participants/${record.participantId}`}>
                    {record.studyId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/participants/${record.participantId}/forms/${record.form}/${record.slot}`}
                  >
                    {t.forms.title(formLabel(protocol, record.form), slotLabel(t, protocol, record.slot))}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <FormStatusBadge status={record.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{record.missingRequired.map((key) => keyLabel(t, definition, key)).join('; ')}</Text>
                </Table.Td>
                <Table.Td>
                  <List size="sm" spacing={2}>
                    {record.findings.map((finding, i) => (
                      <List.Item key={i}>
                        <Text size="sm" c={finding.severity === 'hard' ? 'red' : 'orange.9'}>
                          {keyLabel(t, definition, finding.keys[0] ?? '')}: {finding.message}
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface OutOfWindowTableProps {
  visits: DataQuality['outOfWindow'];
  protocol: StudyProtocol;
  zone: string;
}

export function OutOfWindowTable({ visits, protocol, zone }: OutOfWindowTableProps) {
  const t = useT();
  const r = t.formReports;
  const { language } = useLanguage();
  if (visits.length === 0) return <Text c="dimmed">{r.noOutOfWindow}</Text>;
  return (
    <Table verticalSpacing="sm">
      <Table.Caption className="visually-hidden">{r.outOfWindowCaption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{r.participant}</Table.Th>
          <Table.Th scope="col">{r.visit}</Table.Th>
          <Table.Th scope="col">{r.occurredAt}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {visits.map((visit) => (
          <Table.Tr key={`${visit.participantId}/${visit.visit}`}>
            <Table.Td fw={600}>
              <Anchor component={Link} to={`/participants/${visit.participantId}`}>
                {visit.studyId}
              </Anchor>
            </Table.Td>
            <Table.Td>{slotLabel(t, protocol, visit.visit)}</Table.Td>
            <Table.Td>{visit.occurredAt === null ? '' : formatInZone(visit.occurredAt, zone, language)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
