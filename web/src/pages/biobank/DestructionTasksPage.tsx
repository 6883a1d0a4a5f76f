import { Alert, Button, Card, Loader, SegmentedControl, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { DestructionTask, TaskStatus } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useDestructionTasks, useInvalidateSamples } from '../../api/sample-queries.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { useAccess } from '../../layout/use-access.ts';

/** Aliquots and tubes to destroy after approved destructions, with where to find them; marked done one by one. */
export function DestructionTasksPage() {
  const t = useT();
  const d = t.destructionTasks;
  const { language } = useLanguage();
  const errorText = useErrorText();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  const { site } = useCurrentSite();
  const access = useAccess();
  const [status, setStatus] = useState<TaskStatus>('open');
  const tasks = useDestructionTasks(site?.id ?? null, status);
  const [confirming, setConfirming] = useState<DestructionTask | null>(null);
  const done = useMutation({
    mutationFn: (task: DestructionTask) =>
      api.call(samplesEndpoints.destroyed, { params: { taskId: task.id }, body: { version: task.version } }),
    onSuccess: async (task) => {
      notifySuccess(d.doneMessage(task.barcode));
      setConfirming(null);
      await invalidate();
    },
    onError: (error) => handleError(error),
  });
  if (site === null) return <PageHeader title={d.title} intro={d.noSite} />;
  const when = (iso: string) => formatInZone(iso, site.timeZone, language);

  return (
    <>
      <PageHeader
        title={d.title}
        intro={d.intro}
        actions={
          <SegmentedControl
            aria-label={d.show}
            value={status}
            onChange={(value) => setStatus(value === 'done' ? 'done' : 'open')}
            data={[
              { value: 'open', label: d.open },
              { value: 'done', label: d.done },
            ]}
          />
        }
      />
      <Card withBorder radius="md" p={0}>
        {tasks.isPending && <Loader m="lg" aria-label={t.common.loading} />}
        {tasks.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(tasks.error)}
          </Alert>
        )}
        {tasks.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {status === 'open' ? d.noneOpen : d.noneDone}
          </Text>
        )}
        {tasks.data !== undefined && tasks.data.length > 0 && (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" striped>
              <Table.Caption className="visually-hidden">
                {status === 'open' ? d.openCaption : d.doneCaption}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.samples.barcode}</Table.Th>
                  <Table.Th scope="col">{d.what}</Table.Th>
                  <Table.Th scope="col">{d.studyId}</Table.Th>
                  <Table.Th scope="col">{d.where}</Table.Th>
                  <Table.Th scope="col">{status === 'open' ? d.since : d.doneBy}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t.common.actions}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tasks.data.map((task) => (
                  <Table.Tr key={task.id}>
                    <Table.Td fw={600}>{task.barcode}</Table.Td>
                    <Table.Td>{[d.kinds[task.kind], task.type].filter((part) => part !== null).join(' · ')}</Table.Td>
                    <Table.Td>{task.studyId}</Table.Td>
                    <Table.Td>{task.location}</Table.Td>
                    <Table.Td>
                      {task.doneAt === null ? when(task.createdAt) : d.by(task.doneBy ?? '', when(task.doneAt))}
                    </Table.Td>
                    <Table.Td>
                      {access.destroySamples && task.status === 'open' && (
                        <Button
                          size="xs"
                          color="red"
                          aria-label={d.markDoneAria(task.barcode)}
                          onClick={() => setConfirming(task)}
                        >
                          {d.markDone}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <ConfirmModal
        opened={confirming !== null}
        title={d.markDone}
        message={confirming === null ? '' : d.confirm(confirming.barcode, confirming.location)}
        confirmLabel={d.markDone}
        danger
        loading={done.isPending}
        onConfirm={() => confirming !== null && done.mutate(confirming)}
        onClose={() => setConfirming(null)}
      />
    </>
  );
}
