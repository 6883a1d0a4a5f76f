import { Alert, Anchor, Button, Group, Loader, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RunDetail } from '../../../../src/features/analysis/contract.ts';
import { api, isApiError } from '../../api/client.ts';
import { analysisEndpoints } from '../../api/endpoints.ts';
import { useStudy } from '../../api/queries.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useErrorHandler, useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Section } from '../../components/Section.tsx';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { hashPrefixLength } from './AnalysisPage.tsx';
import { RunAgainSection } from './RunAgainSection.tsx';
import { analysisKeys, isRunId, runEventsHref, runFileHref, useAnalysisRun, type RunFile } from './queries.ts';
import { RunStatusBadge } from './RunStatusBadge.tsx';

type Progress = NonNullable<RunDetail['progress']>;

/** One analysis run: its progress while it runs (server-sent events), then its result and files, or its error. */
export function RunPage() {
  const t = useT();
  const r = t.analysisRun;
  const errorText = useErrorText();
  const { runId = '' } = useParams();
  const run = useAnalysisRun(runId);
  const live = useLiveProgress(runId, run.data?.status === 'running');

  const back = (
    <Anchor component={Link} to="/analysis" display="inline-block" mt="md">
      {r.back}
    </Anchor>
  );
  if (!isRunId(runId) || (isApiError(run.error) && run.error.status === 404)) {
    return (
      <>
        <PageHeader title={r.title(runId)} />
        <Alert color="yellow" variant="light" role="alert">
          {r.notFound}
        </Alert>
        {back}
      </>
    );
  }
  if (run.isError) {
    return (
      <>
        <PageHeader title={r.title(runId)} />
        <Alert color="red" role="alert">
          {errorText(run.error)}
        </Alert>
        {back}
      </>
    );
  }
  if (run.data === undefined) return <Loader m="lg" aria-label={t.common.loading} />;
  const detail = run.data;
  return (
    <>
      <PageHeader
        title={r.title(detail.runId)}
        actions={detail.status === 'running' && <CancelButton runId={detail.runId} />}
      />
      <Stack gap="lg">
        <RunFacts detail={detail} />
        {detail.status === 'running' && <RunProgress progress={live ?? detail.progress} />}
        {detail.status === 'finished' && <RunProgress progress={{ stage: 'done', fraction: 1 }} />}
        {detail.status === 'failed' && (
          <Alert color="red" role="alert" title={r.failed} data-testid="run-error">
            {detail.error ?? ''}
          </Alert>
        )}
        {detail.status === 'cancelled' && (
          <Alert color="gray" role="status" title={r.cancelled} data-testid="run-error">
            {detail.error ?? ''}
          </Alert>
        )}
        {detail.result !== null && <RunResult runId={detail.runId} result={detail.result} />}
        {detail.status === 'finished' && detail.result !== null && (
          <RunAgainSection key={detail.runId} spec={detail.spec} result={detail.result} />
        )}
      </Stack>
      {back}
    </>
  );
}

/**
 * The progress of a running run as its server-sent events tell it: one EventSource while the run runs here,
 * closed on its `end` event (the run's record is then read again) and when the page goes.
 */
function useLiveProgress(runId: string, running: boolean): Progress | null {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!running) return undefined;
    const refresh = () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: analysisKeys.run(runId) }),
        queryClient.invalidateQueries({ queryKey: analysisKeys.runs }),
      ]);
    const source = new EventSource(runEventsHref(runId));
    source.addEventListener('progress', (event: MessageEvent<string>) => {
      const data = parseProgress(event.data);
      if (data !== null) setProgress(data);
    });
    source.addEventListener('end', () => {
      source.close();
      void refresh();
    });
    // A stream the browser gives up on (refused, or the server gone): what the record says now.
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) void refresh();
    });
    return () => source.close();
  }, [queryClient, runId, running]);
  return progress;
}

function parseProgress(text: string): Progress | null {
  try {
    const value = JSON.parse(text) as Partial<Progress> | null;
    return typeof value?.stage === 'string' && typeof value.fraction === 'number'
      ? { stage: value.stage, fraction: value.fraction }
      : null;
  } catch {
    return null;
  }
}

function RunFacts({ detail }: { detail: RunDetail }) {
  const t = useT();
  const r = t.analysisRun;
  const { language } = useLanguage();
  const spec = detail.spec;
  const k = r.specK(spec.kRange[0], spec.kRange[1], spec.k);
  return (
    <Stack gap={4} data-testid="run-facts">
      <Group gap="sm">
        <RunStatusBadge status={detail.status} />
        <Text size="sm">
          {r.startedBy(detail.createdBy, formatDateTime(detail.createdAt, language))}
          {detail.finishedAt !== null && ` · ${r.finishedAt(formatDateTime(detail.finishedAt, language))}`}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {[
          r.spec(k, spec.resamples, spec.seed),
          ...(spec.classifier === undefined ? [] : [r.specClassifier(spec.classifier.maxMarkers)]),
          ...(detail.datasetHash === null ? [] : [r.dataset(detail.datasetHash.slice(0, hashPrefixLength))]),
          r.version(detail.version),
        ].join(' · ')}
      </Text>
    </Stack>
  );
}

function RunProgress({ progress }: { progress: Progress | null }) {
  const r = useT().analysisRun;
  const fraction = Math.min(1, Math.max(0, progress?.fraction ?? 0));
  const percent = Math.round(fraction * 100);
  const stage = progress === null ? r.stages.starting : (r.stages[progress.stage] ?? progress.stage);
  return (
    <Stack gap={6} data-testid="run-progress">
      <Group justify="space-between">
        <Text size="sm" fw={500} data-testid="run-stage" aria-live="polite">
          {r.stage}: {stage}
        </Text>
        <Text size="sm" c="dimmed">
          {r.progressText(percent)}
        </Text>
      </Group>
      <Progress
        value={percent}
        size="lg"
        animated={percent < 100}
        striped={percent < 100}
        color={percent < 100 ? 'blue' : 'teal'}
        aria-label={r.progressLabel}
      />
    </Stack>
  );
}

function CancelButton({ runId }: { runId: string }) {
  const r = useT().analysisRun;
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => api.call(analysisEndpoints.cancel, { params: { runId } }),
    onSuccess: async (detail) => {
      queryClient.setQueryData(analysisKeys.run(runId), detail);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: analysisKeys.runs });
    },
    onError: async (error) => {
      setConfirming(false);
      handleError(error);
      await queryClient.invalidateQueries({ queryKey: analysisKeys.run(runId) });
    },
  });
  return (
    <>
      <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
        {r.cancel}
      </Button>
      <ConfirmModal
        opened={confirming}
        title={r.cancel}
        message={r.confirmCancel}
        confirmLabel={r.cancel}
        danger
        loading={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

const downloads: readonly RunFile[] = ['report.pdf', 'assignments.csv', 'run.json', 'model.json', 'classifier.json'];

function RunResult({ runId, result }: { runId: string; result: NonNullable<RunDetail['result']> }) {
  const t = useT();
  const r = t.analysisRun;
  const { language } = useLanguage();
  const study = useStudy();
  const visitName = study.data?.visits.visits.find((v) => v.code === result.timepoint)?.name;
  const total = result.immunotypes.reduce((sum, type) => sum + type.size, 0);
  const facts: [string, string][] = [
    [r.timepoint, visitName === undefined ? result.timepoint : `${visitName} (${result.timepoint})`],
    [r.samples, formatNumber(result.samples, language)],
    [r.suggestedK, String(result.suggestedK)],
    [r.chosenK, String(result.k)],
  ];
  return (
    <>
      <Section title={r.resultHeading}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" component="dl" m={0} data-testid="run-result">
            {facts.map(([label, value]) => (
              <div key={label}>
                <Text component="dt" size="sm" c="dimmed">
                  {label}
                </Text>
                <Text component="dd" m={0} size="lg" fw={600}>
                  {value}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          <Table maw={420} captionSide="top" data-testid="run-immunotypes">
            <Table.Caption>{r.immunotypesCaption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{r.immunotype}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {r.size}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  %
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.immunotypes.map((type) => (
                <Table.Tr key={type.name}>
                  <Table.Th scope="row" fw={500}>
                    {type.name}
                  </Table.Th>
                  <Table.Td ta="right">{formatNumber(type.size, language)}</Table.Td>
                  <Table.Td ta="right">
                    {total === 0 ? '—' : formatNumber((100 * type.size) / total, language, 0)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Section>
      <Section title={r.filesHeading}>
        <Group gap="lg" data-testid="run-files">
          {result.files.includes('report.html') && (
            <Button
              component="a"
              href={runFileHref(runId, 'report.html')}
              target="_blank"
              rel="noopener"
              aria-label={`${r.openReport} (${r.openReportHint})`}
            >
              {r.openReport}
            </Button>
          )}
          {downloads
            .filter((file) => result.files.includes(file))
            .map((file) => (
              <Anchor key={file} href={runFileHref(runId, file)} download>
                {r.files[file]}
              </Anchor>
            ))}
        </Group>
      </Section>
    </>
  );
}
