import { useQuery, useQueryClient } from '@tanstack/react-query';
import { todayAt } from '../i18n/site-time.ts';
import { participantsEndpoints, studyEndpoints, visitsEndpoints } from './endpoints.ts';
import { api, isApiError } from './client.ts';
import type { SiteView, StudyProtocol } from './types.ts';

/** Query keys of the participant lifecycle; each starts with a name so that one prefix invalidates it. */
export const keys = {
  study: ['study'] as const,
  screenings: (siteId: number, filter: object) => ['screenings', siteId, filter] as const,
  participants: (siteId: number) => ['participants', siteId] as const,
  participant: (participantId: number) => ['participant', participantId] as const,
  identity: (participantId: number) => ['identity', participantId] as const,
  worklist: (siteId: number) => ['worklist', siteId] as const,
  destructions: (siteId: number) => ['destructions', siteId] as const,
  forms: (participantId: number) => ['forms', participantId] as const,
  formRecord: (participantId: number, form: string, slot: string) =>
    ['form-record', participantId, form, slot] as const,
  sofaDays: (participantId: number) => ['sofa-days', participantId] as const,
  formHistory: (participantId: number, form: string, slot: string) =>
    ['form-history', participantId, form, slot] as const,
  siteQueries: (siteId: number, status: string) => ['site-queries', siteId, status] as const,
  formStatus: (siteId: number) => ['form-status', siteId] as const,
  dataQuality: (siteId: number) => ['data-quality', siteId] as const,
};

/** The protocol the server runs (visits, tubes, consent types, eligibility): it rarely changes. */
export function useStudy() {
  return useQuery({
    queryKey: keys.study,
    queryFn: () => api.call(studyEndpoints.get),
    staleTime: 10 * 60_000,
    select: (data): StudyProtocol => data.current,
  });
}

/** After a change to a screening or participant, everything that shows one may be stale. */
export function useInvalidateStudyData(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['screenings', 'participants', 'participant', 'worklist', 'destructions'].map((name) =>
        queryClient.invalidateQueries({ queryKey: [name] }),
      ),
    );
  };
}

/** One participant; an id that is not a positive whole number is not asked for (the page says "not found"). */
export function useParticipant(participantId: number) {
  return useQuery({
    queryKey: keys.participant(participantId),
    queryFn: () => api.call(participantsEndpoints.get, { params: { participantId } }),
    enabled: Number.isInteger(participantId) && participantId > 0,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useWorklist(siteId: number | null) {
  return useQuery({
    queryKey: keys.worklist(siteId ?? 0),
    queryFn: () => api.call(visitsEndpoints.worklist, { params: { siteId: siteId ?? 0 } }),
    enabled: siteId !== null,
  });
}

/**
 * Today at the site as the server sees it (its clock decides what is due and overdue; a training server
 * may run on another date), falling back to the browser's clock until the worklist has arrived.
 */
export function useSiteToday(site: SiteView | null): string {
  const worklist = useWorklist(site?.id ?? null);
  return worklist.data?.today ?? todayAt(site?.timeZone ?? 'UTC');
}
