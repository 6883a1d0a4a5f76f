import { Group, SegmentedControl, Tabs, Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { BloodVolumeSection } from './BloodVolumeSection.tsx';
import { CompletenessSection } from './CompletenessSection.tsx';
import { FlowSection } from './FlowSection.tsx';
import { RecruitmentSection } from './RecruitmentSection.tsx';
import { SampleInventorySection } from './SampleInventorySection.tsx';
import { DashboardScope } from './scope.tsx';
import { VisitComplianceSection } from './VisitComplianceSection.tsx';

const views = ['recruitment', 'flow', 'visits', 'completeness', 'samples', 'blood'] as const;
type View = (typeof views)[number];

const sections: Record<View, ComponentType> = {
  recruitment: RecruitmentSection,
  flow: FlowSection,
  visits: VisitComplianceSection,
  completeness: CompletenessSection,
  samples: SampleInventorySection,
  blood: BloodVolumeSection,
};

/**
 * The study dashboards, one tab each. They show the site chosen in the header, or all the caller's sites
 * (the coordinating centre's view); the tab and the scope are in the address (`?view=flow&sites=all`), so a
 * link or the way back from a count's rows returns to the same view.
 */
export function DashboardsPage() {
  const t = useT();
  const d = t.dashboards;
  const { site, sites } = useCurrentSite();
  const [params, setParams] = useSearchParams();
  const view: View = views.find((v) => v === params.get('view')) ?? 'recruitment';
  const all = site === null || params.get('sites') === 'all';
  const siteId = all ? null : site.id;

  const update = (key: 'view' | 'sites', value: string | null) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const Content = sections[view];
  return (
    <>
      <PageHeader
        title={d.title}
        intro={d.intro}
        actions={
          site !== null &&
          sites.length > 1 && (
            <Group gap="xs">
              <Text size="sm" fw={500} id="dashboard-scope-label">
                {d.scope}
              </Text>
              <SegmentedControl
                aria-labelledby="dashboard-scope-label"
                value={all ? 'all' : 'site'}
                onChange={(value) => update('sites', value === 'all' ? 'all' : null)}
                data={[
                  { value: 'site', label: d.scopeSite(site.code) },
                  { value: 'all', label: d.scopeAll(sites.length) },
                ]}
                data-testid="dashboard-scope"
              />
            </Group>
          )
        }
      />
      <DashboardScope.Provider value={siteId}>
        <Tabs
          value={view}
          onChange={(value) => update('view', value === 'recruitment' ? null : value)}
          keepMounted={false}
          variant="outline"
        >
          <Tabs.List mb="md">
            {views.map((v) => (
              <Tabs.Tab key={v} value={v}>
                {d.tabs[v]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value={view}>
            <Content />
          </Tabs.Panel>
        </Tabs>
      </DashboardScope.Provider>
    </>
  );
}
