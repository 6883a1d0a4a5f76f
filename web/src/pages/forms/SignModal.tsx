import { Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import type { FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useT } from '../../i18n/language.tsx';

interface SignModalProps {
  opened: boolean;
  onClose: () => void;
  address: FormAddress;
  version: number;
  onSigned: (view: FormRecordView) => Promise<void>;
}

/** The investigator's electronic signature: the password entered again; the page then shows what it means. */
export function SignModal({ opened, onClose, address, version, onSigned }: SignModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.forms.signTitle} centered>
      {/* Mounted only while open: the password is not kept once the dialog closes. */}
      {opened && <SignForm address={address} version={version} onSigned={onSigned} onDone={onClose} />}
    </Modal>
  );
}

function SignForm({
  address,
  version,
  onSigned,
  onDone,
}: Omit<SignModalProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const t = useT();
  const handleError = useErrorHandler();
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value === '' ? t.forms.passwordRequired : null) },
  });
  const sign = useMutation({
    mutationFn: (password: string) => api.call(crfEndpoints.sign, { params: address, body: { version, password } }),
    onSuccess: async (view) => {
      await onSigned(view);
      notifySuccess(t.forms.signedMessage);
      onDone();
    },
    onError: (error) => handleError(error, form, ['password']),
  });
  return (
    <form onSubmit={form.onSubmit((values) => sign.mutate(values.password))} noValidate>
      <Stack>
        <Text size="sm">{t.forms.signIntro}</Text>
        <PasswordField
          label={t.forms.password}
          required
          autoComplete="current-password"
          data-autofocus
          {...form.getInputProps('password')}
        />
        <FormActions onCancel={onDone} saving={sign.isPending} submit={t.forms.sign} />
      </Stack>
    </form>
  );
}
