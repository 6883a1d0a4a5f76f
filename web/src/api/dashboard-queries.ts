import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { dashboardsEndpoints } from './endpoints.ts';

/**
 * The study dashboards (src/features/dashboards/contract.ts). `siteId` null asks for every site of the caller
 * (the coordinating centre's view), a number for that site only.
 */

type DashboardName = 'recruitment' | 'flow' | 'visits' | 'completeness' | 'samples' | 'blood';

/** Query keys; each starts with a name so that one prefix invalidates them all. */
export const dashboardKeys = {
  dashboard: (name: DashboardName, siteId: number | null) => ['dashboard', name, siteId ?? 'all'] as const,
  cell: (cell: string, siteId: number | null) => ['dashboard-cell', cell, siteId ?? 'all'] as const,
};

const scoped = (siteId: number | null) => (siteId === null ? {} : { siteId });
/** Dashboards summarise; a minute old is recent enough and spares the server on tab switches. */
const staleTime = 60_000;

export function useRecruitment(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('recruitment', siteId),
    queryFn: () => api.call(dashboardsEndpoints.recruitment, { query: scoped(siteId) }),
    staleTime,
  });
}

export function useFlow(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('flow', siteId),
    queryFn: () => api.call(dashboardsEndpoints.flow, { query: scoped(siteId) }),
    staleTime,
  });
}

export function useVisitCompliance(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('visits', siteId),
    queryFn: () => api.call(dashboardsEndpoints.visits, { query: scoped(siteId) }),
    staleTime,
  });
}

export function useCompleteness(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('completeness', siteId),
    queryFn: () => api.call(dashboardsEndpoints.completeness, { query: scoped(siteId) }),
    staleTime,
  });
}

export function useSampleInventory(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('samples', siteId),
    queryFn: () => api.call(dashboardsEndpoints.samples, { query: scoped(siteId) }),
    staleTime,
  });
}

export function useBloodVolumes(siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.dashboard('blood', siteId),
    queryFn: () => api.call(dashboardsEndpoints.blood, { query: scoped(siteId) }),
    staleTime,
  });
}

/** The rows behind one count of a dashboard (its cell key, as the dashboard gave it). */
export function useDrillDown(cell: string, siteId: number | null) {
  return useQuery({
    queryKey: dashboardKeys.cell(cell, siteId),
    queryFn: () => api.call(dashboardsEndpoints.drillDown, { query: { cell, ...scoped(siteId) } }),
    enabled: cell !== '',
    staleTime,
  });
}
