import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useSession, useSignedIn } from '../api/session.tsx';
import { useT } from '../i18n/language.tsx';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

export function UserMenu() {
  const t = useT();
  const { user } = useSignedIn();
  const { signOut } = useSession();
  const navigate = useNavigate();

  const onSignOut = async () => {
    await signOut();
    await navigate('/sign-in', { replace: true });
  };

  return (
    <Menu position="bottom-end" width={200} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t.nav.userMenu(user.displayName)} className="user-menu-button">
          <Group gap={8} wrap="nowrap">
            <Avatar color="blue" radius="xl" size={30}>
              {initials(user.displayName)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.displayName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.username}</Menu.Label>
        <Menu.Item component={Link} to="/account">
          {t.nav.account}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void onSignOut()}>
          {t.nav.signOut}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
