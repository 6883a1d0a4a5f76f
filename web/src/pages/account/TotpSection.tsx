import { Alert, Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { toDataURL } from 'qrcode';
import { useState } from 'react';
import { authEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useSession, useSignedIn } from '../../api/session.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

interface Setup {
  secret: string;
  qrDataUrl: string;
}

export function TotpSection() {
  const { user } = useSignedIn();
  return user.totpEnabled ? <DisableTotp /> : <EnableTotp />;
}

function EnableTotp() {
  const t = useT();
  const { refresh } = useSession();
  const handleError = useErrorHandler();
  const [setup, setSetup] = useState<Setup | null>(null);
  const form = useForm({ initialValues: { code: '' } });

  const start = useMutation({
    mutationFn: async () => {
      const { secret, otpauthUri } = await api.call(authEndpoints.totpSetup);
      return { secret, qrDataUrl: await toDataURL(otpauthUri, { width: 200, margin: 1 }) };
    },
    onSuccess: setSetup,
    onError: (error) => handleError(error),
  });
  const enable = useMutation({
    mutationFn: (code: string) => api.call(authEndpoints.totpEnable, { body: { secret: setup?.secret ?? '', code } }),
    onSuccess: async () => {
      notifySuccess(t.account.totpEnabled);
      setSetup(null);
      await refresh();
    },
    onError: (error) => handleError(error, form, ['code']),
  });

  if (setup === null) {
    return (
      <Stack gap="md">
        <Text size="sm">{t.account.totpOff}</Text>
        <Button w="fit-content" variant="light" loading={start.isPending} onClick={() => start.mutate()}>
          {t.account.totpStart}
        </Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={form.onSubmit(({ code }) => enable.mutate(code.trim()))} noValidate>
      <Stack gap="md">
        <Text size="sm">{t.account.totpScan}</Text>
        <Group align="flex-start" gap="lg">
          <Image src={setup.qrDataUrl} alt={t.account.totpQrAlt} w={200} h={200} radius="sm" />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t.account.totpSecret}
            </Text>
            <Code fz="md" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
              {setup.secret}
            </Code>
          </Stack>
        </Group>
        <TextInput
          label={t.account.totpCode}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          w={200}
          required
          {...form.getInputProps('code')}
        />
        <Group>
          <Button type="submit" loading={enable.isPending}>
            {t.account.totpEnable}
          </Button>
          <Button variant="default" onClick={() => setSetup(null)}>
            {t.common.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DisableTotp() {
  const t = useT();
  const { refresh } = useSession();
  const handleError = useErrorHandler();
  const form = useForm({ initialValues: { password: '' } });
  const disable = useMutation({
    mutationFn: (password: string) => api.call(authEndpoints.totpDisable, { body: { password } }),
    onSuccess: async () => {
      notifySuccess(t.account.totpDisabled);
      await refresh();
    },
    onError: (error) => handleError(error, form, ['password']),
  });

  return (
    <form onSubmit={form.onSubmit(({ password }) => disable.mutate(password))} noValidate>
      <Stack gap="md">
        <Alert color="teal" variant="light">
          {t.account.totpOn}
        </Alert>
        <Group align="flex-end">
          <PasswordField
            label={t.account.totpDisablePassword}
            autoComplete="current-password"
            required
            w={280}
            {...form.getInputProps('password')}
          />
          <Button type="submit" color="red" variant="light" loading={disable.isPending}>
            {t.account.totpDisable}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
