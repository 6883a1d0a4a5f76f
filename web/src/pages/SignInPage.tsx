import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useSession } from '../api/session.tsx';
import { useErrorText } from '../components/errors.ts';
import { CardTitle, CenteredCard } from '../components/CenteredCard.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useT } from '../i18n/language.tsx';
import { PasswordField } from '../components/PasswordField.tsx';

/** Only same-app paths, so that a crafted link cannot send the user elsewhere after sign-in. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const errorText = useErrorText();
  const t = useT();
  usePageTitle(t.signIn.title);
  const { session, notice, signIn } = useSession();
  const [params] = useSearchParams();
  const [needsCode, setNeedsCode] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { username: '', password: '', totpCode: '' } });

  if (session !== null) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    setBusy(true);
    try {
      await signIn({
        username: values.username.trim(),
        password: values.password,
        ...(needsCode ? { totpCode: values.totpCode.trim() } : {}),
      });
    } catch (error) {
      if (isApiError(error) && error.code === 'totp_required') {
        setNeedsCode(true);
      } else if (isApiError(error) && error.field === 'totpCode') {
        form.setFieldError('totpCode', errorText(error));
      } else if (isApiError(error) && error.code === 'unauthenticated') {
        setFailure(t.signIn.wrongCredentials);
      } else {
        setFailure(errorText(error));
      }
    } finally {
      setBusy(false);
    }
  });

  const noticeText =
    notice === 'expired' ? t.signIn.sessionExpired : notice === 'signedOut' ? t.signIn.signedOut : null;

  return (
    <CenteredCard>
      <CardTitle>{t.signIn.heading}</CardTitle>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {noticeText !== null && failure === null && (
            <Alert color={notice === 'expired' ? 'yellow' : 'blue'} variant="light" role="status">
              {noticeText}
            </Alert>
          )}
          {failure !== null && (
            <Alert color="red" variant="light" title={t.signIn.failed} role="alert">
              {failure}
            </Alert>
          )}
          <TextInput
            label={t.signIn.username}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            data-autofocus
            autoFocus
            {...form.getInputProps('username')}
          />
          <PasswordField
            label={t.signIn.password}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          {needsCode && (
            <TextInput
              label={t.signIn.totpCode}
              description={t.signIn.totpHint}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              {...form.getInputProps('totpCode')}
            />
          )}
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t.signIn.submit}
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
