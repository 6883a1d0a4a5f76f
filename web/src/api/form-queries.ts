import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { crfEndpoints } from './endpoints.ts';
import { keys } from './queries.ts';

/** Where a form record lives: a participant's form at a visit, an ICU day (`day-3`) or `once`. */
export interface FormAddress {
  participantId: number;
  form: string;
  slot: string;
}

/** The participant's forms in schedule order, with their status and open queries. */
export function useParticipantForms(participantId: number) {
  return useQuery({
    queryKey: keys.forms(participantId),
    queryFn: () => api.call(crfEndpoints.list, { params: { participantId } }),
  });
}

/** A site's record status dashboard (participant × visit × form). */
export function useFormStatus(siteId: number | null) {
  return useQuery({
    queryKey: keys.formStatus(siteId ?? 0),
    queryFn: () => api.call(crfEndpoints.statusMatrix, { params: { siteId: siteId ?? 0 } }),
    enabled: siteId !== null,
  });
}

/** A site's data-quality report. */
export function useDataQuality(siteId: number | null) {
  return useQuery({
    queryKey: keys.dataQuality(siteId ?? 0),
    queryFn: () => api.call(crfEndpoints.dataQuality, { params: { siteId: siteId ?? 0 } }),
    enabled: siteId !== null,
  });
}

/** A site's queries of one status (`active`: open and answered). */
export function useSiteQueries(siteId: number | null, status: 'active' | 'open' | 'answered' | 'closed') {
  return useQuery({
    queryKey: keys.siteQueries(siteId ?? 0, status),
    queryFn: () => api.call(crfEndpoints.siteQueries, { params: { siteId: siteId ?? 0 }, query: { status } }),
    enabled: siteId !== null,
    select: (data) => data.queries,
  });
}

/** SOFA-2 over the ICU stay from the daily forms, organs without data carried forward. */
export function useSofaDays(participantId: number) {
  return useQuery({
    queryKey: keys.sofaDays(participantId),
    queryFn: () => api.call(crfEndpoints.sofaDays, { params: { participantId } }),
  });
}

/** One form record: entries, status, lock and queries (a form not started yet is version 0). */
export function formRecordQuery(address: FormAddress) {
  return {
    queryKey: keys.formRecord(address.participantId, address.form, address.slot),
    queryFn: () => api.call(crfEndpoints.read, { params: address }),
  };
}

export function useFormRecord(address: FormAddress) {
  return useQuery(formRecordQuery(address));
}

/** Every change of a form; asked for only when someone opens a field's history. */
export function useFormHistory(address: FormAddress, enabled: boolean) {
  return useQuery({
    queryKey: keys.formHistory(address.participantId, address.form, address.slot),
    queryFn: () => api.call(crfEndpoints.history, { params: address }),
    enabled,
    select: (data) => data.entries,
  });
}

/** After a change to form data, a query or a lock, everything that shows one may be stale. */
export function useInvalidateFormData(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['forms', 'form-record', 'form-history', 'sofa-days', 'site-queries', 'form-status', 'data-quality'].map((name) =>
        queryClient.invalidateQueries({ queryKey: [name] }),
      ),
    );
  };
}
