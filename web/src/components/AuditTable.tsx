import { Alert, Button, Card, Center, Loader, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { OutputOf } from '../api/client.ts';
import { auditPageSize, type auditEndpoints } from '../api/endpoints.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { detailLines, eventLabel } from './audit-details.ts';
import { useErrorText } from './errors.ts';

interface AuditTableProps {
  queryKey: readonly unknown[];
  /** A page of the security log or of a site's trail (both answer the same page). */
  fetchPage: (beforeSeq: number | undefined) => Promise<OutputOf<typeof auditEndpoints.securityLog>>;
}

/** Audit entries newest first, a page at a time ("load more" asks for entries before the oldest seq). */
export function AuditTable({ queryKey, fetchPage }: AuditTableProps) {
  const errorText = useErrorText();
  const t = useT();
  const { language } = useLanguage();
  const { sites } = useCurrentSite();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.entries.length < auditPageSize ? undefined : last.entries.at(-1)?.seq),
  });
  const siteCode = (siteId: number | null): string =>
    siteId === null ? t.common.allSites : (sites.find((s) => s.id === siteId)?.code ?? `#${siteId}`);

  const format = { t, siteCode, dateTime: (iso: string) => formatDateTime(iso, language) };

  if (query.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t.common.loading} />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(query.error)}
      </Alert>
    );
  }
  const entries = query.data.pages.flatMap((page) => page.entries);

  return (
    <Stack>
      <Card withBorder radius="md" p={0}>
        {entries.length === 0 ? (
          <Text c="dimmed" p="lg">
            {t.audit.empty}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="xs" horizontalSpacing="md" striped>
              <Table.Caption className="visually-hidden">{t.audit.tableCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={190}>
                    {t.audit.time}
                  </Table.Th>
                  <Table.Th scope="col">{t.audit.actor}</Table.Th>
                  <Table.Th scope="col">{t.audit.event}</Table.Th>
                  <Table.Th scope="col">{t.audit.details}</Table.Th>
                  <Table.Th scope="col">{t.audit.source}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.seq}>
                    <Table.Td>
                      <Text size="sm" component="time" dateTime={entry.at} style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(entry.at, language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.actor}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {eventLabel(entry.action, t)}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {entry.action}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={420}>
                      {detailLines(entry, format).map((line, index) => (
                        <Text key={index} size="xs" style={{ overflowWrap: 'anywhere' }}>
                          {line}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t.audit.sources[entry.source] ?? entry.source}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {query.hasNextPage ? (
        <Button
          variant="default"
          w="fit-content"
          mx="auto"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t.audit.loadMore}
        </Button>
      ) : (
        entries.length > 0 && (
          <Text size="sm" c="dimmed" ta="center">
            {t.audit.end}
          </Text>
        )
      )}
    </Stack>
  );
}
