import { Alert, Button, Group, Loader, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { participantsEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { IdentityView } from '../../api/types.ts';
import { DateField } from '../../components/DateFields.tsx';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { identityFields, initialIdentity, toIdentityInput } from '../../components/identity-form.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { FormActions } from '../../components/FormActions.tsx';

/** Identifying data stays hidden until asked for: every read is audited, so it is fetched on a click only. */
export function IdentitySection({ participantId, canEdit }: { participantId: number; canEdit: boolean }) {
  const errorText = useErrorText();
  const t = useT();
  const i = t.identity;
  const [shown, setShown] = useState(false);
  const [editing, setEditing] = useState(false);
  const identity = useQuery({
    queryKey: keys.identity(participantId),
    queryFn: () => api.call(participantsEndpoints.identity, { params: { participantId } }),
    enabled: shown,
    // Each fetch is an audited read: never refetch or retry behind the user's back, and forget the data
    // (gcTime 0) once it is hidden so it does not linger in the browser's memory.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  return (
    <Section
      title={i.heading}
      actions={
        <Group gap="xs">
          {shown && canEdit && identity.data !== undefined && (
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              {i.edit}
            </Button>
          )}
          <Button size="xs" variant="default" onClick={() => setShown(!shown)}>
            {shown ? i.hide : i.show}
          </Button>
        </Group>
      }
    >
      <Text size="xs" c="dimmed" mb={shown ? 'sm' : 0}>
        {i.audited}
      </Text>
      {shown && identity.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {shown && identity.isError && (
        <Alert color="red" role="alert">
          {errorText(identity.error)}
        </Alert>
      )}
      {shown && identity.data !== undefined && (
        <Table maw={560} data-testid="identity">
          <Table.Tbody>
            {identityFields.map((field) => (
              <Table.Tr key={field}>
                <Table.Th scope="row" fw={400} w={200}>
                  {t.enrollment[field]}
                </Table.Th>
                <Table.Td>{identity.data[field] ?? i.notSet}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={i.edit} size="lg">
        {editing && identity.data !== undefined && (
          <IdentityForm participantId={participantId} identity={identity.data} onDone={() => setEditing(false)} />
        )}
      </Modal>
    </Section>
  );
}

function IdentityForm({
  participantId,
  identity,
  onDone,
}: {
  participantId: number;
  identity: IdentityView;
  onDone: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const form = useForm({ initialValues: initialIdentity(identity) });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(participantsEndpoints.updateIdentity, {
        params: { participantId },
        body: toIdentityInput(values),
      }),
    onSuccess: (saved) => {
      // The answer is the saved identity: show it as is instead of refetching, which would log another read.
      queryClient.setQueryData(keys.identity(participantId), saved);
      notifySuccess(t.identity.saved);
      onDone();
    },
    onError: (error) => handleError(error, form, identityFields),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {identityFields.map((field) =>
            field === 'dateOfBirth' ? (
              <DateField key={field} label={t.enrollment[field]} {...form.getInputProps(field)} />
            ) : (
              <TextInput
                key={field}
                label={t.enrollment[field]}
                required={field === 'name' || field === 'hospitalNumber'}
                autoComplete="off"
                {...form.getInputProps(field)}
              />
            ),
          )}
        </SimpleGrid>
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
