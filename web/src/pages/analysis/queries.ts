import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client.ts';
import { runParams, type runFiles } from '../../../../src/features/analysis/contract.ts';
import { analysisEndpoints } from '../../api/endpoints.ts';

export type RunFile = (typeof runFiles)[number];

/** Query keys of the analysis runs; each starts with a name so that one prefix invalidates it. */
export const analysisKeys = {
  runs: ['analysis-runs'] as const,
  run: (runId: string) => ['analysis-run', runId] as const,
  ruleTypes: (participantId: number) => ['rule-immunotypes', participantId] as const,
};

/** The runs the caller may see, newest first; asked again every few seconds while one of them runs. */
export function useAnalysisRuns() {
  return useQuery({
    queryKey: analysisKeys.runs,
    queryFn: () => api.call(analysisEndpoints.runs),
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'running') === true ? 5000 : false),
  });
}

/** One run with its spec, progress and result; a run id that is not one is not asked for. */
export function useAnalysisRun(runId: string) {
  return useQuery({
    queryKey: analysisKeys.run(runId),
    queryFn: () => api.call(analysisEndpoints.run, { params: { runId } }),
    enabled: isRunId(runId),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function isRunId(value: string): boolean {
  return runParams.safeParse({ runId: value }).success;
}

/** A participant's rule-based immunotype at each sampled visit. */
export function useRuleImmunotypes(participantId: number, enabled: boolean) {
  return useQuery({
    queryKey: analysisKeys.ruleTypes(participantId),
    queryFn: () => api.call(analysisEndpoints.ruleTypes, { params: { participantId } }),
    enabled,
  });
}

/** Where a run's file is: the browser fetches it with the session cookie. */
export function runFileHref(runId: string, file: RunFile) {
  return api.hrefOf(analysisEndpoints.file, { params: { runId, file } });
}

/** The address of a run's server-sent events. */
export function runEventsHref(runId: string): string {
  return api.hrefOf(analysisEndpoints.events, { params: { runId } });
}
