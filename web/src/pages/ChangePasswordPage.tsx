import { Button, Group, Text } from '@mantine/core';
import { useSession } from '../api/session.tsx';
import { CardTitle, CenteredCard } from '../components/CenteredCard.tsx';
import { notifySuccess } from '../components/errors.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useT } from '../i18n/language.tsx';
import { PasswordChangeForm } from './account/PasswordChangeForm.tsx';

/** Shown instead of every page while the account still has its one-time password. */
export function ChangePasswordPage() {
  const t = useT();
  usePageTitle(t.password.forcedTitle);
  const { refresh, signOut } = useSession();

  return (
    <CenteredCard>
      <CardTitle>{t.password.forcedTitle}</CardTitle>
      <Text size="sm" c="dimmed" mb="lg">
        {t.password.forcedIntro}
      </Text>
      <PasswordChangeForm
        onChanged={async () => {
          notifySuccess(t.password.changed);
          await refresh();
        }}
      />
      <Group justify="center" mt="lg">
        <Button variant="subtle" size="xs" onClick={() => void signOut()}>
          {t.nav.signOut}
        </Button>
      </Group>
    </CenteredCard>
  );
}
