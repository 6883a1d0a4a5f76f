import { Badge, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { studyEndpoints } from '../api/endpoints.ts';
import { formatDay } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';

/** Whether the server runs a demonstration study (synthetic data); asked once, before and after sign-in. */
export function useDemo() {
  return useQuery({
    queryKey: ['demo'],
    queryFn: () => api.call(studyEndpoints.demo),
    staleTime: Infinity,
    select: (answer) => answer.demo,
  });
}

/** The strip's height, which the app shell's header makes room for. */
export const demoBannerHeight = 34;

/** A strip that no page hides: synthetic data must never be taken for a study's. */
export function DemoBanner() {
  const t = useT();
  const { language } = useLanguage();
  const demo = useDemo().data;
  if (demo === undefined || demo === null) return null;
  return (
    <Group
      role="note"
      aria-label={t.demo.label}
      gap="sm"
      wrap="nowrap"
      px="md"
      h={demoBannerHeight}
      bg="orange.1"
      style={{ borderBottom: '2px solid var(--mantine-color-orange-6)' }}
      data-testid="demo-banner"
    >
      <Badge color="orange" variant="filled" radius="sm">
        {t.demo.label}
      </Badge>
      <Text size="sm" lineClamp={1}>
        {t.demo.banner(formatDay(demo.asOf, language))}
      </Text>
    </Group>
  );
}
