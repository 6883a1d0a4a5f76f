import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import { formRecordQuery, useInvalidateFormData, type FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import type { FormAccess } from '../../layout/access.ts';
import { LockModal } from './LockModal.tsx';
import { SignModal } from './SignModal.tsx';

interface FormTransitionsProps {
  address: FormAddress;
  record: FormRecordView;
  access: FormAccess;
  unsaved: boolean;
}

/**
 * Moving a form on: complete (site staff), source-verified (monitor), signed (investigator), locked and unlocked
 * (data manager). Each button shows only to roles that may press it, and only where the status allows it.
 */
export function FormTransitions({ address, record, access, unsaved }: FormTransitionsProps) {
  const t = useT();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateFormData();
  const showError = useErrorHandler();
  const [signing, setSigning] = useState(false);
  const [locking, setLocking] = useState(false);
  const locked = record.lock !== null;
  const body = { version: record.version };

  const moved = async (view: FormRecordView) => {
    queryClient.setQueryData(formRecordQuery(address).queryKey, view);
    await invalidate();
  };
  const move = useMutation({
    mutationFn: (step: 'complete' | 'verify') =>
      step === 'complete'
        ? api.call(crfEndpoints.complete, { params: address, body })
        : api.call(crfEndpoints.verify, { params: address, body }),
    onSuccess: async (view, step) => {
      await moved(view);
      notifySuccess(step === 'complete' ? t.forms.completed : t.forms.verifiedMessage);
    },
    onError: (error) => showError(error),
  });

  const steps = {
    complete: access.enter && record.status === 'in_progress' && !locked,
    verify: access.verify && record.status === 'complete' && !locked,
    sign: access.sign && record.status === 'verified' && !locked,
    lock: access.lock && record.version > 0,
  };
  if (!Object.values(steps).some(Boolean)) return null;

  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        {steps.complete && (
          <Button variant="light" disabled={unsaved} loading={move.isPending} onClick={() => move.mutate('complete')}>
            {t.forms.complete}
          </Button>
        )}
        {steps.verify && (
          <Button
            variant="light"
            color="teal"
            disabled={unsaved}
            loading={move.isPending}
            onClick={() => move.mutate('verify')}
          >
            {t.forms.verify}
          </Button>
        )}
        {steps.sign && (
          <Button variant="light" color="green" disabled={unsaved} onClick={() => setSigning(true)}>
            {t.forms.sign}
          </Button>
        )}
        {steps.lock && (
          <Button variant="default" disabled={unsaved} onClick={() => setLocking(true)}>
            {record.status === 'locked' ? t.forms.unlock : t.forms.lock}
          </Button>
        )}
      </Group>
      {unsaved && (
        <Text size="xs" c="dimmed">
          {t.forms.saveFirst}
        </Text>
      )}
      <SignModal
        opened={signing}
        onClose={() => setSigning(false)}
        address={address}
        version={record.version}
        onSigned={moved}
      />
      <LockModal
        opened={locking}
        onClose={() => setLocking(false)}
        address={address}
        version={record.version}
        unlock={record.status === 'locked'}
        onChanged={moved}
      />
    </Stack>
  );
}
