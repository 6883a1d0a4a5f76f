import { Alert, Button, Group, Modal, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { consentEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ParticipantDetail, SiteView, StudyProtocol } from '../../api/types.ts';
import { DateField } from '../../components/DateFields.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';

interface WithdrawModalProps {
  opened: boolean;
  onClose: () => void;
  participant: ParticipantDetail;
  protocol: StudyProtocol;
  site: SiteView | null;
}

export function WithdrawModal({ opened, onClose, participant, protocol, site }: WithdrawModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.withdrawal.title} size="lg">
      {opened && <WithdrawForm participant={participant} protocol={protocol} site={site} onDone={onClose} />}
    </Modal>
  );
}

const fields = ['date', 'requestedBy', 'scope', 'reason'];

function WithdrawForm({
  participant,
  protocol,
  site,
  onDone,
}: Omit<WithdrawModalProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const t = useT();
  const w = t.withdrawal;
  const today = useSiteToday(site);
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const { scopes, requesters } = protocol.withdrawal;
  const form = useForm({
    initialValues: { date: today, requestedBy: requesters[0]?.code ?? '', scope: scopes[0]?.code ?? '', reason: '' },
  });
  const chosen = scopes.find((scope) => scope.code === form.values.scope);
  const destroys = chosen !== undefined && (chosen.destroyData || chosen.destroySamples);
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(consentEndpoints.withdraw, {
        params: { participantId: participant.id },
        body: {
          date: values.date,
          requestedBy: values.requestedBy,
          scope: values.scope,
          reason: values.reason.trim() === '' ? null : values.reason.trim(),
        },
      }),
    onSuccess: async () => {
      notifySuccess(w.done);
      await invalidate();
      onDone();
    },
    onError: (error) => handleError(error, form, fields),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <DateField label={w.date} required {...form.getInputProps('date')} />
        <NativeSelect
          label={w.requestedBy}
          data={requesters.map((r) => ({ value: r.code, label: r.name }))}
          {...form.getInputProps('requestedBy')}
        />
        <NativeSelect
          label={w.scope}
          data={scopes.map((s) => ({ value: s.code, label: s.name }))}
          {...form.getInputProps('scope')}
        />
        <Alert color={destroys ? 'red' : 'gray'} variant="light" data-testid="destroy-note">
          {w.destroyNote}
        </Alert>
        <Textarea label={w.reason} autosize {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t.common.cancel}
          </Button>
          <Button type="submit" color="red" loading={save.isPending}>
            {w.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
