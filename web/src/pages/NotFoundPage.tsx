import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <Stack align="flex-start">
      <PageHeader title={t.common.notFoundTitle} />
      <Text>{t.common.notFoundText}</Text>
      <Button component={Link} to="/" variant="light">
        {t.common.backHome}
      </Button>
    </Stack>
  );
}
