import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usersEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import type { SiteView, UserView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { MembershipRows, toMemberships, toRows, validateRows } from './MembershipRows.tsx';
import { usersKey } from './users-query.ts';
import { FormActions } from '../../components/FormActions.tsx';

interface EditModalProps {
  user: UserView;
  opened: boolean;
  onClose: () => void;
}

export function EditDetailsModal({ user, opened, onClose }: EditModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.users.editDetailsTitle(user.username)} centered>
      <EditDetailsForm user={user} onClose={onClose} />
    </Modal>
  );
}

function EditDetailsForm({ user, onClose }: { user: UserView; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const form = useForm({ initialValues: { displayName: user.displayName, email: user.email ?? '' } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(usersEndpoints.update, {
        params: { userId: user.id },
        body: {
          displayName: values.displayName.trim(),
          email: values.email.trim() === '' ? null : values.email.trim(),
        },
      }),
    onSuccess: async () => {
      notifySuccess(t.users.detailsSaved(user.username));
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onClose();
    },
    onError: (error) => handleError(error, form, ['displayName', 'email']),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <TextInput label={t.users.displayName} required data-autofocus {...form.getInputProps('displayName')} />
        <TextInput label={t.users.email} type="email" {...form.getInputProps('email')} />
        <FormActions onCancel={onClose} saving={save.isPending} />
      </Stack>
    </form>
  );
}

export function EditRolesModal({ user, opened, onClose, sites }: EditModalProps & { sites: readonly SiteView[] }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.users.editRolesTitle(user.username)} size="lg" centered>
      <EditRolesForm user={user} sites={sites} onClose={onClose} />
    </Modal>
  );
}

function EditRolesForm({ user, sites, onClose }: { user: UserView; sites: readonly SiteView[]; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const form = useForm({
    initialValues: { memberships: toRows(user.memberships), reason: '' },
    validate: { memberships: validateRows(t) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(usersEndpoints.replaceRoles, {
        params: { userId: user.id },
        body: {
          memberships: toMemberships(values.memberships),
          ...(values.reason.trim() === '' ? {} : { reason: values.reason.trim() }),
        },
      }),
    onSuccess: async () => {
      notifySuccess(t.users.rolesSaved(user.username));
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onClose();
    },
    onError: (error) => handleError(error, form, ['memberships', 'reason']),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <MembershipRows
          form={form}
          sites={sites}
          defaultSiteId={sites[0] === undefined ? 'all' : String(sites[0].id)}
        />
        <TextInput label={t.users.reason} maxLength={500} {...form.getInputProps('reason')} />
        <FormActions onCancel={onClose} saving={save.isPending} submit={t.users.saveRoles} />
      </Stack>
    </form>
  );
}
