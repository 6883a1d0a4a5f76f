import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import type { FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { useT } from '../../i18n/language.tsx';

interface LockModalProps {
  opened: boolean;
  onClose: () => void;
  address: FormAddress;
  version: number;
  /** Unlock a locked form (a reason is required), else lock it. */
  unlock: boolean;
  onChanged: (view: FormRecordView) => Promise<void>;
}

/** A data manager locks a form (no change at all until unlocked) or unlocks it, saying why. */
export function LockModal({ opened, onClose, address, version, unlock, onChanged }: LockModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={unlock ? t.forms.unlockTitle : t.forms.lockTitle} centered>
      {opened && (
        <LockForm address={address} version={version} unlock={unlock} onChanged={onChanged} onDone={onClose} />
      )}
    </Modal>
  );
}

function LockForm({
  address,
  version,
  unlock,
  onChanged,
  onDone,
}: Omit<LockModalProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const t = useT();
  const handleError = useErrorHandler();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (unlock && value.trim() === '' ? t.forms.unlockReasonRequired : null) },
  });
  const change = useMutation({
    mutationFn: (reason: string) =>
      api.call(crfEndpoints.lockForm, {
        params: address,
        body: { version, locked: !unlock, reason: reason.trim() === '' ? null : reason.trim() },
      }),
    onSuccess: async (view) => {
      await onChanged(view);
      notifySuccess(unlock ? t.forms.unlockedMessage : t.forms.lockedMessage);
      onDone();
    },
    onError: (error) => handleError(error, form, ['reason']),
  });
  return (
    <form onSubmit={form.onSubmit((values) => change.mutate(values.reason))} noValidate>
      <Stack>
        <TextInput
          label={unlock ? t.forms.unlockReason : t.forms.lockReason}
          required={unlock}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <FormActions onCancel={onDone} saving={change.isPending} submit={unlock ? t.forms.unlock : t.forms.lock} />
      </Stack>
    </form>
  );
}
