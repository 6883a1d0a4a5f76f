import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DemoBanner } from '../layout/DemoBanner.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useT } from '../i18n/language.tsx';

/** The frame of the pages outside the app shell: sign-in and the forced password change. */
export function CenteredCard({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <DemoBanner />
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={420} gap="lg">
          <Stack gap={4} align="center">
            <Group gap={10}>
              <img src="/favicon.svg" alt="" width={36} height={36} />
              <Text fz={28} fw={700} component="span">
                {t.common.appName}
              </Text>
            </Group>
            <Text c="dimmed" size="sm">
              {t.common.tagline}
            </Text>
          </Stack>
          <Paper component="main" withBorder shadow="sm" radius="md" p="xl">
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}

export function CardTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={1} size="h3" mb="md">
      {children}
    </Title>
  );
}
