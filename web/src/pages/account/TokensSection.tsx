import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { meEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import type { TokenCreated, TokenView } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { SecretDisplay } from '../../components/SecretDisplay.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';

const tokensKey = ['me', 'tokens'] as const;

export function TokensSection() {
  const t = useT();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: () => api.call(meEndpoints.tokens),
    select: (data) => data.tokens,
  });
  const form = useForm({ initialValues: { name: '' } });

  const create = useMutation({
    mutationFn: (name: string) => api.call(meEndpoints.createToken, { body: { name } }),
    onSuccess: async (token) => {
      setCreated(token);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => handleError(error, form, ['name']),
  });
  const revoke = useMutation({
    mutationFn: (token: TokenView) => api.call(meEndpoints.revokeToken, { params: { tokenId: token.id } }),
    onSuccess: async (_, token) => {
      notifySuccess(t.account.tokenRevokedMessage(token.name));
      setRevoking(null);
      if (created?.id === token.id) setCreated(null);
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => handleError(error),
  });

  const list = tokens.data ?? [];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t.account.tokensIntro}
      </Text>
      {created !== null && (
        <SecretDisplay label={`${t.account.tokenCreated}: ${created.name}`} secret={created.token} />
      )}
      <form onSubmit={form.onSubmit(({ name }) => create.mutate(name.trim()))} noValidate>
        <Group align="flex-end">
          <TextInput label={t.account.tokenName} required maxLength={100} w={280} {...form.getInputProps('name')} />
          <Button type="submit" variant="light" loading={create.isPending}>
            {t.account.tokenCreate}
          </Button>
        </Group>
      </form>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.account.noTokens}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs">
            <Table.Caption className="visually-hidden">{t.account.tokensCaption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t.account.tokenName}</Table.Th>
                <Table.Th scope="col">{t.account.tokenPrefix}</Table.Th>
                <Table.Th scope="col">{t.account.tokenCreatedAt}</Table.Th>
                <Table.Th scope="col">{t.account.tokenLastUsed}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t.common.actions}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {token.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(token.createdAt, language)}</Table.Td>
                  <Table.Td>
                    {token.lastUsedAt === null ? t.common.never : formatDateTime(token.lastUsedAt, language)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {token.revokedAt === null ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={t.account.tokenRevokeAria(token.name)}
                        onClick={() => setRevoking(token)}
                      >
                        {t.account.tokenRevoke}
                      </Button>
                    ) : (
                      <Badge variant="light" color="gray">
                        {t.account.tokenRevoked}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title={t.account.tokenRevoke}
        message={revoking === null ? '' : t.account.confirmRevoke(revoking.name)}
        confirmLabel={t.account.tokenRevoke}
        danger
        loading={revoke.isPending}
        onConfirm={() => revoking !== null && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
