import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { labsEndpoints } from './endpoints.ts';

/** Query keys of the laboratory side; each starts with a name so that one prefix invalidates it. */
export const labKeys = {
  assays: ['assays'] as const,
  mappings: ['lab-mappings'] as const,
  imports: ['lab-imports'] as const,
  results: (participantId: number) => ['lab-results', participantId] as const,
};

/** Every version of every assay; the catalogue changes seldom. */
export function useAssays() {
  return useQuery({
    queryKey: labKeys.assays,
    queryFn: () => api.call(labsEndpoints.assays),
    staleTime: 5 * 60_000,
  });
}

/** The laboratories' saved file mappings (their names are offered when importing). */
export function useLabMappings(enabled = true) {
  return useQuery({ queryKey: labKeys.mappings, queryFn: () => api.call(labsEndpoints.mappings), enabled });
}

/** Result files imported, newest first. */
export function useLabImports() {
  return useQuery({ queryKey: labKeys.imports, queryFn: () => api.call(labsEndpoints.imports) });
}

/** A participant's current results, with the calibration behind each HLA-DR value. */
export function useParticipantResults(participantId: number) {
  return useQuery({
    queryKey: labKeys.results(participantId),
    queryFn: () => api.call(labsEndpoints.results, { params: { participantId }, query: {} }),
  });
}

/** After an import, the lists and every participant's results may be stale. */
export function useInvalidateLabData(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['lab-imports', 'lab-mappings', 'lab-results'].map((name) => queryClient.invalidateQueries({ queryKey: [name] })),
    );
  };
}
