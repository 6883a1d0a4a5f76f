import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usersEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import type { SiteView, UserWithPassword } from '../../api/types.ts';
import { useErrorHandler } from '../../components/errors.ts';
import { SecretDisplay } from '../../components/SecretDisplay.tsx';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { MembershipRows, toMemberships, validateRows, type MembershipRow } from './MembershipRows.tsx';
import { usersKey } from './users-query.ts';
import { FormActions } from '../../components/FormActions.tsx';

const fields = ['username', 'displayName', 'email', 'language', 'memberships'] as const;

interface CreateUserModalProps {
  opened: boolean;
  onClose: () => void;
  sites: readonly SiteView[];
  defaultSiteId: string;
}

export function CreateUserModal({ opened, onClose, sites, defaultSiteId }: CreateUserModalProps) {
  const t = useT();
  const [created, setCreated] = useState<UserWithPassword | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created === null ? t.users.newUser : t.users.createdTitle}
      size="lg"
      centered
    >
      {created === null ? (
        <CreateUserForm sites={sites} defaultSiteId={defaultSiteId} onCreated={setCreated} onCancel={close} />
      ) : (
        <Stack>
          <SecretDisplay
            label={t.users.oneTimePassword}
            secret={created.oneTimePassword}
            intro={t.users.oneTimeIntro(created.user.username)}
          />
          <Group justify="flex-end">
            <Button onClick={close}>{t.common.done}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

interface CreateUserFormProps {
  sites: readonly SiteView[];
  defaultSiteId: string;
  onCreated: (created: UserWithPassword) => void;
  onCancel: () => void;
}

function CreateUserForm({ sites, defaultSiteId, onCreated, onCancel }: CreateUserFormProps) {
  const t = useT();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const form = useForm({
    initialValues: {
      username: '',
      displayName: '',
      email: '',
      language,
      memberships: [{ siteId: defaultSiteId, role: '' }] as MembershipRow[],
    },
    validate: { memberships: validateRows(t) },
  });

  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(usersEndpoints.create, {
        body: {
          username: values.username.trim().toLowerCase(),
          displayName: values.displayName.trim(),
          email: values.email.trim() === '' ? null : values.email.trim(),
          language: values.language,
          memberships: toMemberships(values.memberships),
        },
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onCreated(result);
    },
    onError: (error) => handleError(error, form, fields),
  });

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack gap="md">
        <Group grow align="flex-start">
          <TextInput
            label={t.users.username}
            description={t.users.usernameHint}
            required
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            {...form.getInputProps('username')}
          />
          <TextInput label={t.users.displayName} required {...form.getInputProps('displayName')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label={t.users.email} type="email" autoComplete="off" {...form.getInputProps('email')} />
          <NativeSelect
            label={t.users.language}
            data={[
              { value: 'en', label: t.languages.en },
              { value: 'nl', label: t.languages.nl },
            ]}
            {...form.getInputProps('language')}
          />
        </Group>
        <MembershipRows form={form} sites={sites} defaultSiteId={defaultSiteId} />
        <FormActions onCancel={onCancel} saving={create.isPending} submit={t.users.create} />
      </Stack>
    </form>
  );
}
