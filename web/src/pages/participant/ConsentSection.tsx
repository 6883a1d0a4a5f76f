import { Button, Modal, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { consentEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ParticipantDetail, StudyProtocol } from '../../api/types.ts';
import { ConsentFields, initialConsent, toConsentCreate, type ConsentValues } from '../../components/ConsentFields.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { formatDay } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { FormActions } from '../../components/FormActions.tsx';

interface ConsentSectionProps {
  participant: ParticipantDetail;
  protocol: StudyProtocol;
  canWrite: boolean;
}

export function ConsentSection({ participant, protocol, canWrite }: ConsentSectionProps) {
  const t = useT();
  const p = t.participant;
  const { language } = useLanguage();
  const [recording, setRecording] = useState(false);
  const typeName = (code: string) => protocol.consent.types.find((type) => type.code === code)?.name ?? code;
  const itemName = (code: string) => protocol.consent.optionalItems.find((item) => item.code === code)?.name ?? code;

  return (
    <Section
      title={p.consentHeading}
      actions={
        canWrite && (
          <Button size="xs" variant="light" onClick={() => setRecording(true)}>
            {p.recordConsent}
          </Button>
        )
      }
    >
      {participant.consents.length === 0 ? (
        <Text c="dimmed">{p.noConsents}</Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table>
            <Table.Caption className="visually-hidden">{p.consentCaption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{p.consentType}</Table.Th>
                <Table.Th scope="col">{p.consentDecision}</Table.Th>
                <Table.Th scope="col">{p.consentDate}</Table.Th>
                <Table.Th scope="col">{p.consentDue}</Table.Th>
                <Table.Th scope="col">{p.consentLetter}</Table.Th>
                <Table.Th scope="col">{p.consentItems}</Table.Th>
                <Table.Th scope="col">{p.consentBy}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {participant.consents.map((consent) => (
                <Table.Tr key={consent.id}>
                  <Table.Td>{typeName(consent.type)}</Table.Td>
                  <Table.Td>
                    {consent.decision === null ? p.deferral : t.consentForm.decisions[consent.decision]}
                  </Table.Td>
                  <Table.Td>{formatDay(consent.date, language)}</Table.Td>
                  <Table.Td>{consent.dueOn === null ? '—' : formatDay(consent.dueOn, language)}</Table.Td>
                  <Table.Td>{consent.informationLetterVersion ?? '—'}</Table.Td>
                  <Table.Td>
                    {Object.entries(consent.optionalItems)
                      .map(([code, agreed]) => `${itemName(code)}: ${agreed ? t.screening.yes : t.screening.no}`)
                      .join('; ') || '—'}
                  </Table.Td>
                  <Table.Td>{consent.obtainedBy}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={recording} onClose={() => setRecording(false)} title={p.recordConsent} size="lg">
        {recording && (
          <RecordConsentForm participant={participant} protocol={protocol} onDone={() => setRecording(false)} />
        )}
      </Modal>
    </Section>
  );
}

function RecordConsentForm({
  participant,
  protocol,
  onDone,
}: Omit<ConsentSectionProps, 'canWrite'> & { onDone: () => void }) {
  const t = useT();
  const { site } = useCurrentSite();
  const today = useSiteToday(site);
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  // After enrollment the usual record is the decision a deferral was waiting for: start on a decision type.
  const firstDecision = protocol.consent.types.find((type) => type.kind === 'decision')?.code ?? '';
  const [value, setValue] = useState<ConsentValues>(() => initialConsent(protocol, firstDecision, today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api.call(consentEndpoints.record, {
        params: { participantId: participant.id },
        body: toConsentCreate(value, protocol),
      }),
    onSuccess: async () => {
      notifySuccess(t.participant.consentRecorded);
      await invalidate();
      onDone();
    },
    onError: (error) =>
      handleError(
        error,
        { setFieldError: (path, message) => setErrors((prev) => ({ ...prev, [path]: message as string })) },
        ['type', 'decision', 'date', 'dueOn', 'informationLetterVersion', 'optionalItems'],
      ),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setErrors({});
        save.mutate();
      }}
      noValidate
    >
      <Stack>
        <ConsentFields
          value={value}
          onChange={setValue}
          protocol={protocol}
          error={(field) => errors[field]}
          allowRefusal
        />
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
