import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSignedIn } from '../api/session.tsx';
import { notifySuccess } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { PasswordChangeForm } from './account/PasswordChangeForm.tsx';
import { ProfileForm } from './account/ProfileForm.tsx';
import { TokensSection } from './account/TokensSection.tsx';
import { TotpSection } from './account/TotpSection.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function AccountPage() {
  const t = useT();
  const { user } = useSignedIn();
  return (
    <Stack maw={860} gap="lg">
      <PageHeader title={t.account.title} intro={user.username} />
      <Section title={t.account.profile}>
        <ProfileForm />
      </Section>
      <Section title={t.password.title}>
        <PasswordChangeForm onChanged={() => notifySuccess(t.password.changed)} />
      </Section>
      <Section title={t.account.totpTitle}>
        <TotpSection />
      </Section>
      <Section title={t.account.tokensTitle}>
        <TokensSection />
      </Section>
    </Stack>
  );
}
