import { createContext, useContext } from 'react';

/**
 * The sites the dashboards show: one site's id, or null for all the caller's sites (the coordinating centre's
 * view). Every count links to its rows in the same scope.
 */
export const DashboardScope = createContext<number | null>(null);

export function useDashboardScope(): number | null {
  return useContext(DashboardScope);
}
