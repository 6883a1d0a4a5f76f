import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import { sitesEndpoints } from '../api/endpoints.ts';
import { useSignedIn } from '../api/session.tsx';
import type { SiteView } from '../api/types.ts';

const storageKey = 'septype.siteId';
export const sitesKey = ['sites'] as const;

interface CurrentSiteState {
  sites: SiteView[];
  site: SiteView | null;
  setSiteId: (siteId: number) => void;
  /** More than one site to choose from, or a role that holds at every site. */
  canSwitch: boolean;
  /** The site list is still on its way (the current site is not known yet). */
  loading: boolean;
}

const CurrentSiteContext = createContext<CurrentSiteState | null>(null);

function storedSiteId(): number | null {
  const stored = Number(localStorage.getItem(storageKey));
  return Number.isInteger(stored) && stored > 0 ? stored : null;
}

export function CurrentSiteProvider({ children }: { children: ReactNode }) {
  const { user } = useSignedIn();
  const sitesQuery = useQuery({
    queryKey: sitesKey,
    queryFn: () => api.call(sitesEndpoints.list),
    select: (data) => data.sites,
  });
  const [chosenId, setChosenId] = useState<number | null>(storedSiteId);

  const state = useMemo<CurrentSiteState>(() => {
    const sites = sitesQuery.data ?? [];
    // The stored choice may be a site this user no longer has (another account on the same browser, a role
    // taken away): fall back to an enabled site of theirs rather than show nothing.
    const site = sites.find((s) => s.id === chosenId) ?? sites.find((s) => s.disabledAt === null) ?? sites[0] ?? null;
    const everywhere = user.memberships.some((m) => m.siteId === null);
    return {
      sites,
      site,
      canSwitch: sites.length > 1 || (everywhere && sites.length > 0),
      loading: sitesQuery.isPending,
      setSiteId: (siteId) => {
        localStorage.setItem(storageKey, String(siteId));
        setChosenId(siteId);
      },
    };
  }, [sitesQuery.data, sitesQuery.isPending, chosenId, user.memberships]);

  return <CurrentSiteContext.Provider value={state}>{children}</CurrentSiteContext.Provider>;
}

export function useCurrentSite(): CurrentSiteState {
  const state = useContext(CurrentSiteContext);
  if (state === null) throw new Error('useCurrentSite needs a CurrentSiteProvider');
  return state;
}
