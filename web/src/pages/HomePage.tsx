import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useSignedIn } from '../api/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { accessOf } from '../layout/access.ts';
import { useCurrentSite } from '../layout/current-site.tsx';

export function HomePage() {
  const t = useT();
  const { user } = useSignedIn();
  const { sites } = useCurrentSite();
  const access = accessOf(user.memberships);
  const siteName = (siteId: number | null) => {
    if (siteId === null) return t.common.allSites;
    const site = sites.find((s) => s.id === siteId);
    return site === undefined ? `#${siteId}` : `${site.code} · ${site.name}`;
  };

  return (
    <Stack maw={900}>
      <PageHeader title={t.home.welcome(user.displayName)} intro={t.home.intro} />
      {access.manageSites && sites.length === 0 && (
        <Card withBorder padding="lg" radius="md">
          <Text mb="md">{t.home.noSitesYet}</Text>
          <Button component={Link} to="/sites" w="fit-content">
            {t.home.createFirstSite}
          </Button>
        </Card>
      )}
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t.home.rolesHeading}
        </Title>
        {user.memberships.length === 0 ? (
          <Text c="dimmed">{t.home.noRoles}</Text>
        ) : (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t.home.site}</Table.Th>
                <Table.Th scope="col">{t.home.role}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {user.memberships.map((m) => (
                <Table.Tr key={`${m.siteId ?? 'all'}-${m.role}`}>
                  <Table.Td>{siteName(m.siteId)}</Table.Td>
                  <Table.Td>{t.roles[m.role]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
