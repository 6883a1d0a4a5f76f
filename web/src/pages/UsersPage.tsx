import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { usersEndpoints } from '../api/endpoints.ts';
import type { UserView } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../i18n/format.ts';
import type { Messages } from '../i18n/en.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { CreateUserModal } from './users/CreateUserModal.tsx';
import { UserActions } from './users/UserActions.tsx';
import { statusOf, usersKey } from './users/users-query.ts';
import { useErrorText } from '../components/errors.ts';

/** Badges keep their full text; a narrow screen scrolls the table instead. */
const noShrink = { flexShrink: 0 };
const statusColor = { active: 'teal', disabled: 'gray', locked: 'red' } as const;

function statusLabel(t: Messages, status: keyof typeof statusColor): string {
  return status === 'active'
    ? t.users.statusActive
    : status === 'disabled'
      ? t.users.statusDisabled
      : t.users.statusLocked;
}

export function UsersPage() {
  const errorText = useErrorText();
  const t = useT();
  const { language } = useLanguage();
  const { sites, site } = useCurrentSite();
  const [creating, { open, close }] = useDisclosure(false);
  const users = useQuery({
    queryKey: usersKey,
    queryFn: () => api.call(usersEndpoints.list),
    select: (data) => data.users,
  });
  const defaultSiteId = site === null ? 'all' : String(site.id);

  const siteCode = (siteId: number | null) =>
    siteId === null ? t.common.allSites : (sites.find((s) => s.id === siteId)?.code ?? `#${siteId}`);

  const statusCell = (user: UserView) => {
    const status = statusOf(user);
    const badge = (
      <Badge variant="light" color={statusColor[status]} style={noShrink}>
        {statusLabel(t, status)}
      </Badge>
    );
    return (
      <Group gap={6}>
        {status === 'locked' && user.lockedUntil !== null ? (
          <Tooltip label={t.users.lockedUntil(formatDateTime(user.lockedUntil, language))}>{badge}</Tooltip>
        ) : (
          badge
        )}
        {user.mustChangePassword && status === 'active' && (
          <Badge variant="light" color="yellow" style={noShrink}>
            {t.users.statusNewPassword}
          </Badge>
        )}
      </Group>
    );
  };

  return (
    <>
      <PageHeader
        title={t.users.title}
        intro={t.users.intro}
        actions={<Button onClick={open}>{t.users.newUser}</Button>}
      />
      <Card withBorder radius="md" p={0}>
        {users.isPending && <Loader m="lg" aria-label={t.common.loading} />}
        {users.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(users.error)}
          </Alert>
        )}
        {users.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {t.users.empty}
          </Text>
        )}
        {users.data !== undefined && users.data.length > 0 && (
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Caption className="visually-hidden">{t.users.tableCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.users.name}</Table.Th>
                  <Table.Th scope="col">{t.users.roles}</Table.Th>
                  <Table.Th scope="col">{t.common.status}</Table.Th>
                  <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
                    {t.users.twoFactor}
                  </Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t.common.actions}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Stack gap={0}>
                        <Text size="sm" fw={600}>
                          {user.displayName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {user.username}
                          {user.email !== null && ` · ${user.email}`}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td miw={260}>
                      <Group gap={6}>
                        {user.memberships.map((m) => (
                          <Badge
                            key={`${m.siteId ?? 'all'}-${m.role}`}
                            variant="outline"
                            color="blue"
                            tt="none"
                            radius="sm"
                            style={noShrink}
                          >
                            {t.roles[m.role]} · {siteCode(m.siteId)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td miw={250}>{statusCell(user)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={user.totpEnabled ? undefined : 'dimmed'}>
                        {user.totpEnabled ? t.users.twoFactorOn : t.users.twoFactorOff}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <UserActions user={user} sites={sites} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <CreateUserModal opened={creating} onClose={close} sites={sites} defaultSiteId={defaultSiteId} />
    </>
  );
}
