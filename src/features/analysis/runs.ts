import { AppError } from '../../core/errors.ts';
import type { AnalysisOutputs } from '../../immunotype/analysis-run.ts';
import type { AnalysisSpec } from '../../immunotype/spec.ts';
import type { CallContext } from '../../kernel/context.ts';
import type { RunDetail, runFiles, RunSummary } from './contract.ts';
import type { LiveRuns } from './live-runs.ts';
import { analysisMessages } from './messages.ts';
import { renderReport } from './report/render.ts';
import { reportPdf } from './report/pdf.ts';
import { assignmentsCsv, classifierJson, modelJson, reportRunOf, runJson } from './run-files.ts';
import type { RunRow } from './runs-repo.ts';
import { cancelStoredRun, outputsOf, runDiscovery, visibleRun } from './service.ts';

type RunFileName = (typeof runFiles)[number];

/** The API's use cases of analysis runs: started in the background on a worker, followed, cancelled, read. */

export async function startRun(ctx: CallContext, spec: unknown, live: LiveRuns): Promise<{ runId: string }> {
  const controller = new AbortController();
  let started: (runKey: string) => void = () => {};
  const recorded = new Promise<string>((resolve) => (started = resolve));
  const finished = runDiscovery(ctx, spec, {
    inWorker: true,
    signal: controller.signal,
    onStart: (runKey) => {
      live.add(runKey, controller);
      started(runKey);
    },
    onProgress: (stage, fraction) => void recorded.then((runKey) => live.report(runKey, { stage, fraction })),
  });
  // The spec and the caller's access are checked before the run is recorded: those refusals answer the request.
  const runKey = await Promise.race([recorded, finished.then(() => null)]);
  if (runKey === null) throw new Error('the run finished before it was recorded');
  finished.then(
    () => live.end(runKey, 'finished'),
    (error: unknown) => {
      live.end(runKey, controller.signal.aborted ? 'cancelled' : 'failed');
      if (!controller.signal.aborted) ctx.logger.warn({ runKey, error: String(error) }, 'analysis run failed');
    },
  );
  return { runId: runKey };
}

function filesOf(outputs: AnalysisOutputs): RunFileName[] {
  return [
    'run.json',
    'assignments.csv',
    'model.json',
    ...(outputs.classifier === null ? [] : (['classifier.json'] as const)),
    'report.html',
    'report.pdf',
  ];
}

export function toSummary(run: RunRow): RunSummary {
  return {
    runId: run.runKey,
    status: run.status,
    createdAt: run.createdAt,
    createdBy: run.createdByName,
    finishedAt: run.finishedAt,
    datasetHash: run.datasetHash,
    version: run.softwareVersion,
  };
}

export function toDetail(run: RunRow, live: LiveRuns): RunDetail {
  const outputs = run.status === 'finished' ? outputsOf(run) : null;
  return {
    ...toSummary(run),
    spec: run.spec as AnalysisSpec,
    error: run.error,
    progress: run.status === 'running' ? live.progress(run.runKey) : null,
    result:
      outputs === null
        ? null
        : {
            timepoint: outputs.discovery.timepoint,
            samples: outputs.discovery.n,
            suggestedK: outputs.discovery.suggestedK,
            k: outputs.discovery.k,
            immunotypes: outputs.discovery.names.map((name, c) => ({ name, size: outputs.discovery.sizes[c]! })),
            files: filesOf(outputs),
          },
  };
}

export async function cancelRun(ctx: CallContext, runKey: string, live: LiveRuns): Promise<RunDetail> {
  await cancelStoredRun(ctx, runKey);
  // Computing here: its worker stops (a run of another server or of the command line just stays ended).
  live.cancel(runKey);
  return toDetail(await visibleRun(ctx, runKey), live);
}

export interface RunFile {
  contentType: string;
  fileName: string;
  body: string | Uint8Array;
}

export async function runFile(ctx: CallContext, runKey: string, file: RunFileName): Promise<RunFile> {
  const run = await visibleRun(ctx, runKey);
  const outputs = outputsOf(run);
  const study = { id: ctx.study.current.id, title: ctx.study.current.title };
  const report = () => renderReport(reportRunOf(run, study), outputs);
  const named = (contentType: string, body: string | Uint8Array) => ({
    contentType,
    fileName: `${runKey}-${file}`,
    body,
  });
  switch (file) {
    case 'run.json':
      return named('application/json', runJson(run, outputs, study));
    case 'assignments.csv':
      return named('text/csv; charset=utf-8', assignmentsCsv(outputs));
    case 'model.json':
      return named('application/json', modelJson(outputs));
    case 'classifier.json': {
      const classifier = classifierJson(outputs);
      if (classifier === null) throw new AppError('not_found', analysisMessages.noClassifier({ run: runKey }));
      return named('application/json', classifier);
    }
    case 'report.html':
      return named('text/html; charset=utf-8', report());
    case 'report.pdf':
      return named('application/pdf', new Uint8Array(await reportPdf(report())));
  }
}
