import { Button, Group, Menu, Modal, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usersEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.tsx';
import type { SiteView, UserView, UserWithPassword } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { SecretDisplay } from '../../components/SecretDisplay.tsx';
import { useT } from '../../i18n/language.tsx';
import { EditDetailsModal, EditRolesModal } from './EditUserModals.tsx';
import { statusOf, usersKey } from './users-query.ts';

type Dialog = 'details' | 'roles' | 'disable' | 'resetPassword' | 'resetTotp' | null;

export function UserActions({ user, sites }: { user: UserView; sites: readonly SiteView[] }) {
  const t = useT();
  const { user: me } = useSignedIn();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reset, setReset] = useState<UserWithPassword | null>(null);
  const status = statusOf(user);
  const name = user.username;

  const run = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: async () => {
      setDialog(null);
      await queryClient.invalidateQueries({ queryKey: usersKey });
    },
    onError: (error) => handleError(error),
  });
  const act = (action: () => Promise<unknown>, message: string) =>
    run.mutate(async () => {
      const result = await action();
      notifySuccess(message);
      return result;
    });

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260}>
        <Menu.Target>
          <Button size="xs" variant="default" aria-label={t.users.actionsFor(name)}>
            {t.common.actions}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setDialog('details')}>{t.users.editDetails}</Menu.Item>
          <Menu.Item onClick={() => setDialog('roles')}>{t.users.editRoles}</Menu.Item>
          <Menu.Item onClick={() => setDialog('resetPassword')}>{t.users.resetPassword}</Menu.Item>
          {status === 'locked' && (
            <Menu.Item
              onClick={() =>
                act(
                  () => api.call(usersEndpoints.unlock, { params: { userId: user.id } }),
                  t.users.unlockedMessage(name),
                )
              }
            >
              {t.users.unlock}
            </Menu.Item>
          )}
          {user.totpEnabled && <Menu.Item onClick={() => setDialog('resetTotp')}>{t.users.resetTotp}</Menu.Item>}
          {user.id !== me.id && <Menu.Divider />}
          {user.id !== me.id &&
            (user.disabledAt === null ? (
              <Menu.Item color="red" onClick={() => setDialog('disable')}>
                {t.users.disable}
              </Menu.Item>
            ) : (
              <Menu.Item
                onClick={() =>
                  act(
                    () => api.call(usersEndpoints.update, { params: { userId: user.id }, body: { disabled: false } }),
                    t.users.enabledMessage(name),
                  )
                }
              >
                {t.users.enable}
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>

      <EditDetailsModal user={user} opened={dialog === 'details'} onClose={() => setDialog(null)} />
      <EditRolesModal user={user} sites={sites} opened={dialog === 'roles'} onClose={() => setDialog(null)} />
      <ConfirmModal
        opened={dialog === 'disable'}
        title={t.users.disable}
        message={t.users.confirmDisable(name)}
        confirmLabel={t.users.disable}
        danger
        loading={run.isPending}
        onConfirm={() =>
          act(
            () => api.call(usersEndpoints.update, { params: { userId: user.id }, body: { disabled: true } }),
            t.users.disabledMessage(name),
          )
        }
        onClose={() => setDialog(null)}
      />
      <ConfirmModal
        opened={dialog === 'resetTotp'}
        title={t.users.resetTotp}
        message={t.users.confirmResetTotp(name)}
        confirmLabel={t.users.resetTotp}
        danger
        loading={run.isPending}
        onConfirm={() =>
          act(() => api.call(usersEndpoints.resetTotp, { params: { userId: user.id } }), t.users.totpResetMessage(name))
        }
        onClose={() => setDialog(null)}
      />
      <ConfirmModal
        opened={dialog === 'resetPassword'}
        title={t.users.resetPassword}
        message={t.users.confirmResetPassword(name)}
        confirmLabel={t.users.resetPassword}
        danger
        loading={run.isPending}
        onConfirm={() =>
          run.mutate(async () =>
            setReset(await api.call(usersEndpoints.resetPassword, { params: { userId: user.id } })),
          )
        }
        onClose={() => setDialog(null)}
      />
      <Modal opened={reset !== null} onClose={() => setReset(null)} title={t.users.resetTitle} size="lg" centered>
        {reset !== null && (
          <Stack>
            <SecretDisplay
              label={t.users.oneTimePassword}
              secret={reset.oneTimePassword}
              intro={t.users.oneTimeIntro(reset.user.username)}
            />
            <Group justify="flex-end">
              <Button onClick={() => setReset(null)}>{t.common.done}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
