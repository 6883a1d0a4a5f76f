import { Alert, Anchor, Badge, Loader, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useParticipantForms } from '../../api/form-queries.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { useErrorText } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { FormStatusBadge } from '../../components/status.tsx';
import { useT } from '../../i18n/language.tsx';
import { slotLabel } from '../forms/form-text.ts';

/** The participant's case report forms in schedule order (each ICU day entered, and the next), each a link. */
export function FormsSection({ participantId, protocol }: { participantId: number; protocol: StudyProtocol }) {
  const t = useT();
  const f = t.forms;
  const errorText = useErrorText();
  const forms = useParticipantForms(participantId);
  return (
    <Section title={f.heading}>
      {forms.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {forms.isError && (
        <Alert color="red" role="alert">
          {errorText(forms.error)}
        </Alert>
      )}
      {forms.data?.forms.length === 0 && <Text c="dimmed">{f.none}</Text>}
      {forms.data !== undefined && forms.data.forms.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" id="forms">
            <Table.Caption className="visually-hidden">{f.caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{f.form}</Table.Th>
                <Table.Th scope="col">{t.common.status}</Table.Th>
                <Table.Th scope="col">{f.openQueries}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forms.data.forms.map((form) => (
                <Table.Tr key={`${form.form}/${form.slot}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/participants/${participantId}/forms/${form.form}/${form.slot}`}>
                      {f.title(form.label, slotLabel(t, protocol, form.slot))}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <FormStatusBadge status={form.status} />
                  </Table.Td>
                  <Table.Td>
                    {form.openQueries > 0 && (
                      <Badge color="orange" variant="light" tt="none">
                        {t.formReports.queries(form.openQueries)}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
