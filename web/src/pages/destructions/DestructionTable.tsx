import { Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { upperFirst } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { destructionEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData } from '../../api/queries.ts';
import type { DestructionView } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { DestructionBadge, destructionWhat } from '../../components/status.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';

interface DestructionTableProps {
  destructions: DestructionView[];
  zone: string;
  canApprove: boolean;
  caption: string;
  empty: string;
}

export function DestructionTable({ destructions, zone, canApprove, caption, empty }: DestructionTableProps) {
  const t = useT();
  const d = t.destructions;
  const { language } = useLanguage();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const [approving, setApproving] = useState<DestructionView | null>(null);
  const [rejecting, setRejecting] = useState<DestructionView | null>(null);
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: ({ destruction, approve }: { destruction: DestructionView; approve: boolean }) =>
      approve
        ? api.call(destructionEndpoints.approve, {
            params: { destructionId: destruction.id },
            body: { note: note.trim() === '' ? null : note.trim() },
          })
        : api.call(destructionEndpoints.reject, {
            params: { destructionId: destruction.id },
            body: { note: note.trim() },
          }),
    onSuccess: async (result, { approve }) => {
      notifySuccess(approve ? d.approved(result.studyId) : d.rejected(result.studyId));
      setApproving(null);
      setRejecting(null);
      setNote('');
      await invalidate();
    },
    onError: (error) => handleError(error),
  });
  const when = (iso: string) => formatInZone(iso, zone, language);

  if (destructions.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm">
          <Table.Caption className="visually-hidden">{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{d.studyId}</Table.Th>
              <Table.Th scope="col">{d.reason}</Table.Th>
              <Table.Th scope="col">{d.what}</Table.Th>
              <Table.Th scope="col">{d.requested}</Table.Th>
              <Table.Th scope="col">{t.common.status}</Table.Th>
              <Table.Th scope="col">{d.decided}</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">{t.common.actions}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {destructions.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td fw={600}>{x.studyId}</Table.Td>
                <Table.Td>{d.reasons[x.reason]}</Table.Td>
                {/* Mid-sentence elsewhere ("Destroy the data and samples of …"): capitalised in this cell only. */}
                <Table.Td>{upperFirst(destructionWhat(t, x))}</Table.Td>
                <Table.Td>{d.by(x.requestedBy, when(x.requestedAt))}</Table.Td>
                <Table.Td>
                  <DestructionBadge status={x.status} />
                </Table.Td>
                <Table.Td>
                  {x.decidedBy !== null && x.decidedAt !== null && d.by(x.decidedBy, when(x.decidedAt))}
                  {x.decisionNote !== null && (
                    <Text size="xs" c="dimmed">
                      {x.decisionNote}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {canApprove && x.status === 'pending' && (
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button
                        size="xs"
                        color="red"
                        aria-label={d.approveAria(x.studyId)}
                        onClick={() => setApproving(x)}
                      >
                        {d.approve}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={d.rejectAria(x.studyId)}
                        onClick={() => setRejecting(x)}
                      >
                        {d.reject}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={approving !== null}
        title={d.approve}
        message={approving === null ? '' : d.confirmApprove(approving.studyId, destructionWhat(t, approving))}
        confirmLabel={d.approve}
        danger
        loading={decide.isPending}
        onConfirm={() => approving !== null && decide.mutate({ destruction: approving, approve: true })}
        onClose={() => setApproving(null)}
      />
      <Modal
        opened={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={rejecting === null ? '' : d.rejectTitle(rejecting.studyId)}
        centered
      >
        <Stack>
          <Textarea
            label={d.rejectNote}
            required
            autosize
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(null)}>
              {t.common.cancel}
            </Button>
            <Button
              loading={decide.isPending}
              disabled={note.trim() === ''}
              onClick={() => rejecting !== null && decide.mutate({ destruction: rejecting, approve: false })}
            >
              {d.reject}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
