import { Badge, Button, Card, Group, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sitesEndpoints } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import type { SiteView } from '../api/types.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { sitesKey, useCurrentSite } from '../layout/current-site.tsx';
import { SiteFormModal } from './sites/SiteFormModal.tsx';

export function SitesPage() {
  const t = useT();
  const { language } = useLanguage();
  const { sites } = useCurrentSite();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const [formOpen, setFormOpen] = useState(false);
  const [formSite, setFormSite] = useState<SiteView | null>(null);
  const [disabling, setDisabling] = useState<SiteView | null>(null);

  const openForm = (site: SiteView | null) => {
    setFormSite(site);
    setFormOpen(true);
  };

  const setDisabled = useMutation({
    mutationFn: ({ site, disabled }: { site: SiteView; disabled: boolean }) =>
      api.call(sitesEndpoints.update, { params: { siteId: site.id }, body: { disabled } }),
    onSuccess: async (saved) => {
      notifySuccess(t.sites.updatedMessage(saved.code));
      setDisabling(null);
      await queryClient.invalidateQueries({ queryKey: sitesKey });
    },
    onError: (error) => handleError(error),
  });

  return (
    <>
      <PageHeader
        title={t.sites.title}
        intro={t.sites.intro}
        actions={<Button onClick={() => openForm(null)}>{t.sites.newSite}</Button>}
      />
      <Card withBorder radius="md" p={0}>
        {sites.length === 0 ? (
          <Text c="dimmed" p="lg">
            {t.sites.empty}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Caption className="visually-hidden">{t.sites.tableCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.sites.code}</Table.Th>
                  <Table.Th scope="col">{t.sites.name}</Table.Th>
                  <Table.Th scope="col">{t.sites.timeZone}</Table.Th>
                  <Table.Th scope="col">{t.sites.created}</Table.Th>
                  <Table.Th scope="col">{t.common.status}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t.common.actions}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.map((site) => (
                  <Table.Tr key={site.id}>
                    <Table.Td fw={600}>{site.code}</Table.Td>
                    <Table.Td>{site.name}</Table.Td>
                    <Table.Td>{site.timeZone}</Table.Td>
                    <Table.Td>{formatDate(site.createdAt, language)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={site.disabledAt === null ? 'teal' : 'gray'}>
                        {site.disabledAt === null ? t.common.active : t.common.disabled}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t.sites.editAria(site.code)}
                          onClick={() => openForm(site)}
                        >
                          {t.sites.edit}
                        </Button>
                        {site.disabledAt === null ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={t.sites.disableAria(site.code)}
                            onClick={() => setDisabling(site)}
                          >
                            {t.sites.disable}
                          </Button>
                        ) : (
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-label={t.sites.enableAria(site.code)}
                            loading={setDisabled.isPending && setDisabled.variables.site.id === site.id}
                            onClick={() => setDisabled.mutate({ site, disabled: false })}
                          >
                            {t.sites.enable}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <SiteFormModal opened={formOpen} site={formSite} onClose={() => setFormOpen(false)} />
      <ConfirmModal
        opened={disabling !== null}
        title={disabling === null ? '' : t.sites.disableAria(disabling.code)}
        message={disabling === null ? '' : t.sites.confirmDisable(disabling.name)}
        confirmLabel={t.sites.disable}
        danger
        loading={setDisabled.isPending}
        onConfirm={() => disabling !== null && setDisabled.mutate({ site: disabling, disabled: true })}
        onClose={() => setDisabling(null)}
      />
    </>
  );
}
