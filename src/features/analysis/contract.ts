import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { isoDateTime } from '../../core/schemas.ts';
import { analysisSpec } from '../../immunotype/spec.ts';
import { participantParams } from '../participants/contract.ts';

/**
 * Immunotyping and outcome analysis (issue 14): discovery runs on the study's data, started here and computed
 * on a worker thread, their progress as server-sent events, their files (run.json, assignments.csv, model,
 * classifier, the report as HTML and PDF), and a participant's rule-based immunotype per visit. Runs read
 * pseudonymised data at the caller's sites (`research_data.read`); a run is visible to those who may read
 * research data at every site it saw.
 */

const tag = 'analysis';
const research = { action: 'research_data.read', at: 'any' } as const;

export const runStatuses = ['running', 'finished', 'failed', 'cancelled'] as const;
export const runFiles = [
  'run.json',
  'assignments.csv',
  'model.json',
  'classifier.json',
  'report.html',
  'report.pdf',
] as const;

export const runParams = z.strictObject({ runId: z.string().regex(/^run-[0-9-]+-[0-9a-f]+$/, 'a run id') });

export const runProgress = z.object({ stage: z.string(), fraction: z.number() });

export const runSummary = z.object({
  runId: z.string(),
  status: z.enum(runStatuses),
  createdAt: isoDateTime,
  createdBy: z.string(),
  finishedAt: isoDateTime.nullable(),
  datasetHash: z.string().nullable(),
  version: z.string(),
});

export type RunSummary = z.infer<typeof runSummary>;

export const runDetail = runSummary.extend({
  spec: analysisSpec,
  error: z.string().nullable(),
  /** While running (in this server): the stage and share done. */
  progress: runProgress.nullable(),
  /** When finished: what the discovery found. */
  result: z
    .object({
      timepoint: z.string(),
      samples: z.number().int(),
      suggestedK: z.number().int(),
      k: z.number().int(),
      immunotypes: z.array(z.object({ name: z.string(), size: z.number().int() })),
      files: z.array(z.enum(runFiles)),
    })
    .nullable(),
});
export type RunDetail = z.infer<typeof runDetail>;

export const ruleTypeView = z.object({
  visit: z.string(),
  immunotype: z.enum(['MALS', 'immunoparalysis', 'intermediate', 'unclassifiable']),
  reason: z.string(),
  ferritinNgMl: z.number().nullable(),
  hladrAbc: z.number().nullable(),
});

/** Text: server-sent events (`progress` {stage, fraction}, then `end` {status}); or a file. */
const stream = z.custom<unknown>(() => true).describe('text/event-stream, or the file (JSON, CSV, HTML or PDF)');

export const analysisEndpoints = {
  start: endpoint({
    method: 'POST',
    path: '/api/analysis/runs',
    tag,
    summary: 'Start a discovery run on the data at your sites; it runs on a worker thread',
    access: research,
    body: analysisSpec,
    status: 201,
    response: z.object({ runId: z.string() }),
    errors: [],
  }),
  runs: endpoint({
    method: 'GET',
    path: '/api/analysis/runs',
    tag,
    summary: 'Analysis runs you may see, newest first, with who ran them',
    access: research,
    response: z.array(runSummary),
    errors: [],
  }),
  run: endpoint({
    method: 'GET',
    path: '/api/analysis/runs/:runId',
    tag,
    summary: 'One run: its spec, status, progress and result',
    access: research,
    params: runParams,
    response: runDetail,
    errors: ['not_found'],
  }),
  events: endpoint({
    method: 'GET',
    path: '/api/analysis/runs/:runId/events',
    tag,
    summary: "A run's progress as server-sent events, until it ends",
    access: research,
    params: runParams,
    response: stream,
    errors: ['not_found'],
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/analysis/runs/:runId/cancel',
    tag,
    summary: 'Cancel a running run',
    access: research,
    params: runParams,
    response: runDetail,
    errors: ['not_found', 'conflict'],
  }),
  file: endpoint({
    method: 'GET',
    path: '/api/analysis/runs/:runId/files/:file',
    tag,
    summary: "A finished run's file: run.json, assignments.csv, model.json, classifier.json, report.html or report.pdf",
    access: research,
    params: runParams.extend({ file: z.enum(runFiles) }),
    response: stream,
    errors: ['not_found', 'conflict', 'unavailable'],
  }),
  ruleTypes: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId/immunotypes',
    tag,
    summary: "A participant's rule-based immunotype at each sampled visit (ImmunoSep), from the current results",
    access: { action: 'participant.read', at: 'object' },
    params: participantParams,
    response: z.object({ ruleSet: z.string(), version: z.string(), visits: z.array(ruleTypeView) }),
    errors: [],
  }),
};
