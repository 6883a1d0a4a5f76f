import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { QueryView, StudyProtocol } from '../../api/types.ts';
import { QueryStatusBadge } from '../../components/status.tsx';
import { useT } from '../../i18n/language.tsx';
import { formLabel, keyLabel, slotLabel } from '../forms/form-text.ts';

/** Queries, oldest first: who, which form and field (a link that opens the field's thread), status and age. */
export function QueryTable({ queries, protocol }: { queries: QueryView[]; protocol: StudyProtocol }) {
  const t = useT();
  const q = t.queries;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
        <Table.Caption className="visually-hidden">{q.caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{q.participant}</Table.Th>
            <Table.Th scope="col">{q.form}</Table.Th>
            <Table.Th scope="col">{q.item}</Table.Th>
            <Table.Th scope="col">{t.common.status}</Table.Th>
            <Table.Th scope="col">{q.ageHeader}</Table.Th>
            <Table.Th scope="col">{q.lastMessage}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queries.map((query) => {
            const definition = protocol.forms.forms.find((f) => f.id === query.form);
            const last = query.messages.at(-1);
            const form = `/participants/${query.participantId}/forms/${query.form}/${query.slot}`;
            return (
              <Table.Tr key={query.id}>
                <Table.Td fw={600}>
                  <Anchor component={Link} to={`/participants/${query.participantId}`}>
                    {query.studyId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`${form}?item=${encodeURIComponent(query.itemKey)}`}>
                    {t.forms.title(formLabel(protocol, query.form), slotLabel(t, protocol, query.slot))}
                  </Anchor>
                </Table.Td>
                <Table.Td>{keyLabel(t, definition, query.itemKey)}</Table.Td>
                <Table.Td>
                  <QueryStatusBadge status={query.status} />
                </Table.Td>
                <Table.Td>{q.age(query.ageDays)}</Table.Td>
                <Table.Td>
                  {last !== undefined && (
                    <Text size="sm" lineClamp={2}>
                      {q.kinds[last.kind] ?? last.kind} · {last.actor}: {last.text}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
