import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { meEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useSession, useSignedIn } from '../../api/session.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';

export function ProfileForm() {
  const t = useT();
  const { user } = useSignedIn();
  const { refresh } = useSession();
  const { setLanguage } = useLanguage();
  const handleError = useErrorHandler();
  const form = useForm({ initialValues: { displayName: user.displayName, language: user.language } });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(meEndpoints.update, { body: { displayName: values.displayName.trim(), language: values.language } }),
    onSuccess: async (_, values) => {
      setLanguage(values.language);
      notifySuccess(t.account.profileSaved);
      await refresh();
    },
    onError: (error) => handleError(error, form, ['displayName', 'language']),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <TextInput label={t.account.displayName} required maxLength={200} {...form.getInputProps('displayName')} />
        <NativeSelect
          label={t.account.language}
          data={[
            { value: 'en', label: t.languages.en },
            { value: 'nl', label: t.languages.nl },
          ]}
          {...form.getInputProps('language')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
