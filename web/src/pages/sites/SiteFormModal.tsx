import { Autocomplete, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sitesEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import type { SiteView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { sitesKey } from '../../layout/current-site.tsx';
import { FormActions } from '../../components/FormActions.tsx';

const timeZones = Intl.supportedValuesOf('timeZone');
const fields = ['code', 'name', 'timeZone'] as const;

interface SiteFormModalProps {
  opened: boolean;
  /** null: a new site. */
  site: SiteView | null;
  onClose: () => void;
}

export function SiteFormModal({ opened, site, onClose }: SiteFormModalProps) {
  const t = useT();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={site === null ? t.sites.newSite : t.sites.editTitle(site.code)}
      centered
    >
      <SiteForm site={site} onClose={onClose} />
    </Modal>
  );
}

/** Mounted afresh each time the dialog opens, so it starts from the site's current values. */
function SiteForm({ site, onClose }: { site: SiteView | null; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const form = useForm({
    initialValues:
      site === null
        ? { code: '', name: '', timeZone: 'Europe/Amsterdam' }
        : { code: site.code, name: site.name, timeZone: site.timeZone },
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      site === null
        ? api.call(sitesEndpoints.create, {
            body: {
              code: values.code.trim().toUpperCase(),
              name: values.name.trim(),
              timeZone: values.timeZone.trim(),
            },
          })
        : api.call(sitesEndpoints.update, {
            params: { siteId: site.id },
            body: { name: values.name.trim(), timeZone: values.timeZone.trim() },
          }),
    onSuccess: async (saved) => {
      notifySuccess(site === null ? t.sites.createdMessage(saved.code) : t.sites.updatedMessage(saved.code));
      await queryClient.invalidateQueries({ queryKey: sitesKey });
      onClose();
    },
    onError: (error) => handleError(error, form, fields),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        {site === null && (
          <TextInput
            label={t.sites.code}
            description={t.sites.codeHint}
            required
            maxLength={8}
            autoCapitalize="characters"
            data-autofocus
            {...form.getInputProps('code')}
          />
        )}
        <TextInput label={t.sites.name} required {...form.getInputProps('name')} />
        <Autocomplete
          label={t.sites.timeZone}
          description={t.sites.timeZoneHint}
          required
          data={timeZones}
          limit={12}
          {...form.getInputProps('timeZone')}
        />
        <FormActions
          onCancel={onClose}
          saving={save.isPending}
          submit={site === null ? t.sites.create : t.common.save}
        />
      </Stack>
    </form>
  );
}
