import { AppShell, Burger, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import type { Messages } from '../i18n/en.ts';
import { useT } from '../i18n/language.tsx';
import type { Access } from './access.ts';
import { CurrentSiteProvider } from './current-site.tsx';
import { DemoBanner, demoBannerHeight, useDemo } from './DemoBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SiteSwitcher } from './SiteSwitcher.tsx';
import { useAccess } from './use-access.ts';
import { UserMenu } from './UserMenu.tsx';

interface NavItem {
  to: string;
  label: (t: Messages) => string;
  visible: (access: Access) => boolean;
}

const navItems: NavItem[] = [
  { to: '/', label: (t) => t.nav.home, visible: () => true },
  { to: '/sites', label: (t) => t.nav.sites, visible: (a) => a.manageSites },
  { to: '/users', label: (t) => t.nav.users, visible: (a) => a.manageUsers },
  { to: '/security-log', label: (t) => t.nav.securityLog, visible: (a) => a.readSecurityLog },
  { to: '/screening', label: (t) => t.nav.screening, visible: (a) => a.readParticipants },
  { to: '/participants', label: (t) => t.nav.participants, visible: (a) => a.readParticipants },
  { to: '/worklist', label: (t) => t.nav.worklist, visible: (a) => a.readParticipants },
  { to: '/dashboards', label: (t) => t.dashboards.nav, visible: (a) => a.readParticipants },
  { to: '/analysis', label: (t) => t.analysis.nav, visible: (a) => a.readResearch },
  { to: '/exports', label: (t) => t.exports.nav, visible: (a) => a.readResearch },
  { to: '/form-status', label: (t) => t.nav.formStatus, visible: (a) => a.readFormReports },
  { to: '/queries', label: (t) => t.nav.queries, visible: (a) => a.readFormReports },
  { to: '/data-quality', label: (t) => t.nav.dataQuality, visible: (a) => a.readFormReports },
  { to: '/destructions', label: (t) => t.nav.destructions, visible: (a) => a.readParticipants },
  { to: '/storage', label: (t) => t.biobankNav.storage, visible: (a) => a.handleSamples },
  { to: '/shipments', label: (t) => t.biobankNav.shipments, visible: (a) => a.handleSamples },
  { to: '/destruction-tasks', label: (t) => t.biobankNav.destructionTasks, visible: (a) => a.handleSamples },
  { to: '/assays', label: (t) => t.biobankNav.assays, visible: (a) => a.importResults },
  { to: '/lab-imports', label: (t) => t.biobankNav.labImport, visible: (a) => a.importResults },
  { to: '/audit', label: (t) => t.nav.auditTrail, visible: (a) => a.readAudit },
];

/** Inside the site provider: site roles are judged at the current site. */
function NavItems({ onNavigate }: { onNavigate: () => void }) {
  const t = useT();
  const { pathname } = useLocation();
  const access = useAccess();
  return navItems
    .filter((item) => item.visible(access))
    .map((item) => {
      const active = item.to === '/' ? pathname === '/' : pathname.startsWith(item.to);
      return (
        <NavLink
          key={item.to}
          component={Link}
          to={item.to}
          label={item.label(t)}
          active={active}
          aria-current={active ? 'page' : undefined}
          onClick={onNavigate}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        />
      );
    });
}

export function AppLayout() {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  const demo = useDemo().data ?? null;

  return (
    <CurrentSiteProvider>
      <a className="skip-link" href="#main">
        {t.common.skipToContent}
      </a>
      <AppShell
        header={{ height: demo === null ? 60 : 60 + demoBannerHeight }}
        navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="lg"
      >
        <AppShell.Header>
          <DemoBanner />
          <Group h={60} px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t.nav.toggle} />
              <Link to="/" className="brand-link">
                <Group gap={10} wrap="nowrap">
                  <img src="/favicon.svg" alt="" width={28} height={28} />
                  <Title order={2} size="h4" fw={700}>
                    {t.common.appName}
                  </Title>
                  <Text size="sm" c="dimmed" visibleFrom="md">
                    {t.common.tagline}
                  </Text>
                </Group>
              </Link>
            </Group>
            <Group gap="md" wrap="nowrap">
              <Group gap="md" wrap="nowrap" visibleFrom="md">
                <SiteSwitcher inline />
                <LanguageSwitch />
              </Group>
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" component="nav" aria-label={t.nav.main}>
          <AppShell.Section hiddenFrom="md" mb="md">
            <Stack gap="sm">
              <SiteSwitcher />
              <LanguageSwitch />
            </Stack>
          </AppShell.Section>
          <NavItems onNavigate={close} />
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} bg="var(--mantine-color-gray-0)">
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </CurrentSiteProvider>
  );
}
