import type { AnalysisOutputs } from '../../immunotype/analysis-run.ts';
import type { AnalysisSpec } from '../../immunotype/spec.ts';
import type { ReportRun } from './report/render.ts';
import type { RunRow } from './runs-repo.ts';

/**
 * The files a run writes (issue 14 §6, a fixed contract): `run.json`, `assignments.csv` with exactly the
 * header `studyId,visit,immunotype,confidence`, `model.json` (the saved discovery model), `classifier.json`
 * when the spec asks for a classifier; the report comes from ./report/render.ts. Contents only: the command
 * line and the API decide where they go.
 */

export const assignmentsHeader = 'studyId,visit,immunotype,confidence';

/** One row per assigned participant × visit; immunotype names are quoted when they need it (the user names them). */
export function assignmentsCsv(outputs: AnalysisOutputs): string {
  const rows = outputs.discovery.assignments.map(
    (a) => `${csvField(a.studyId)},${csvField(a.visit)},${csvField(a.immunotype)},${a.confidence.toFixed(4)}`,
  );
  return `${[assignmentsHeader, ...rows].join('\n')}\n`;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function runJson(run: RunRow, outputs: AnalysisOutputs, study: { id: string; title: string }): string {
  const spec = run.spec as AnalysisSpec;
  const { discovery } = outputs;
  return `${JSON.stringify(
    {
      runId: run.runKey,
      kind: run.kind,
      status: run.status,
      createdAt: run.createdAt,
      createdBy: run.createdByName,
      study,
      datasetHash: run.datasetHash,
      version: run.softwareVersion,
      seed: spec.seed,
      parameters: spec,
      timepoint: discovery.timepoint,
      samples: discovery.n,
      suggestedK: discovery.suggestedK,
      k: discovery.k,
      immunotypes: discovery.names.map((name, c) => ({ name, size: discovery.sizes[c] })),
      files: {
        assignments: 'assignments.csv',
        model: 'model.json',
        classifier: outputs.classifier === null ? null : 'classifier.json',
        report: 'report.html',
      },
    },
    null,
    2,
  )}\n`;
}

export function modelJson(outputs: AnalysisOutputs): string {
  return `${JSON.stringify(outputs.discovery.model, null, 2)}\n`;
}

export function classifierJson(outputs: AnalysisOutputs): string | null {
  return outputs.classifier === null ? null : `${JSON.stringify(outputs.classifier.rule, null, 2)}\n`;
}

/** What the report says about its run. */
export function reportRunOf(run: RunRow, study: { id: string; title: string }): ReportRun {
  return {
    runId: run.runKey,
    createdAt: run.createdAt,
    createdBy: run.createdByName,
    datasetHash: run.datasetHash ?? '',
    softwareVersion: run.softwareVersion,
    spec: run.spec as AnalysisSpec,
    study,
  };
}
