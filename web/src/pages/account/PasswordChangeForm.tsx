import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { authEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

const fields = ['currentPassword', 'newPassword'] as const;

export function PasswordChangeForm({ onChanged }: { onChanged: () => void | Promise<void> }) {
  const t = useT();
  const handleError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      newPassword: (value) => (value.length < 12 ? t.password.tooShort : null),
      repeat: (value, values) => (value !== values.newPassword ? t.password.mismatch : null),
    },
  });

  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setBusy(true);
    try {
      await api.call(authEndpoints.changePassword, { body: { currentPassword, newPassword } });
      form.reset();
      await onChanged();
    } catch (error) {
      handleError(error, form, fields);
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <PasswordField
          label={t.password.current}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordField
          label={t.password.new}
          description={t.password.policy}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordField
          label={t.password.repeat}
          autoComplete="new-password"
          required
          {...form.getInputProps('repeat')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t.password.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
