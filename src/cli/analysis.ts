import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import {
  assignmentsCsv,
  classifierJson,
  modelJson,
  outputsOf,
  renderReport,
  reportPdf,
  runDiscovery,
  runJson,
  visibleRun,
  visibleRuns,
  type RunRow,
} from '../features/analysis/public.ts';
import type { AnalysisOutputs } from '../immunotype/analysis-run.ts';
import type { AnalysisSpec } from '../immunotype/spec.ts';
import type { CallContext } from '../kernel/context.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, printError, printJson } from './output.ts';
import { progressBar } from './progress-bar.ts';

/**
 * `septype analysis run | report | list` (issue 14 §6, fixed contracts): a discovery run from a spec file with
 * its files in --out, the report (HTML and PDF) of a stored run, and the list of runs.
 */
export async function analysis(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'run') return run(rest);
  if (sub === 'report') return report(rest);
  if (sub === 'list') return list(rest);
  throw new InputError('command', `unknown command "analysis ${sub ?? ''}": use run, report or list`);
}

function readSpec(path: string): unknown {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError('--spec', `no file at ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new InputError('--spec', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** An existing directory, or one that can be made; refused before any work when it is a file. */
function outputDirectory(path: string): string {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new InputError('--out', `${path} is not a directory`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** Each file appears whole or not at all: written beside, then renamed over. */
function writeWhole(dir: string, name: string, content: string | Buffer): void {
  const target = join(dir, name);
  const partial = `${target}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, target);
}

function reportRun(ctx: CallContext, run: RunRow) {
  return {
    runId: run.runKey,
    createdAt: run.createdAt,
    createdBy: run.createdByName,
    datasetHash: run.datasetHash ?? '',
    softwareVersion: run.softwareVersion,
    spec: run.spec as AnalysisSpec,
    study: { id: ctx.study.current.id, title: ctx.study.current.title },
  };
}

function writeRunFiles(ctx: CallContext, dir: string, run: RunRow, outputs: AnalysisOutputs): void {
  writeWhole(dir, 'assignments.csv', assignmentsCsv(outputs));
  writeWhole(dir, 'model.json', modelJson(outputs));
  const classifier = classifierJson(outputs);
  if (classifier !== null) writeWhole(dir, 'classifier.json', classifier);
  writeWhole(dir, 'report.html', renderReport(reportRun(ctx, run), outputs));
  // Last: a run.json in the directory says the other files are complete.
  writeWhole(dir, 'run.json', runJson(run, outputs, { id: ctx.study.current.id, title: ctx.study.current.title }));
}

async function run(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, spec: { type: 'string' }, out: { type: 'string' } });
  const spec = readSpec(requireFlag(flags.spec, '--spec'));
  const out = requireFlag(flags.out, '--out');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', `${out} is not a directory`);
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const bar = progressBar('analysis');
    const finished = await runDiscovery(ctx, spec, {
      onProgress: (_stage, fraction) => bar.update(Math.round(fraction * 100), 100),
    });
    bar.finish();
    const dir = outputDirectory(out);
    writeRunFiles(ctx, dir, finished.run, finished.outputs);
    const { discovery } = finished.outputs;
    printError(
      line`run ${finished.run.runKey}: ${discovery.n} samples at ${discovery.timepoint}, k = ${discovery.k} (suggested ${discovery.suggestedK}); files in ${dir}`,
    );
  });
}

async function report(argv: string[]): Promise<void> {
  const [runId, ...rest] = argv;
  if (runId === undefined || runId.startsWith('-'))
    throw new InputError('runId', 'name the run: analysis report <runId>');
  const flags = parseFlags(rest, { ...dbFlag, out: { type: 'string' } });
  const out = requireFlag(flags.out, '--out');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', `${out} is not a directory`);
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const stored = await visibleRun(ctx, runId);
    const html = renderReport(reportRun(ctx, stored), outputsOf(stored));
    const pdf = await reportPdf(html);
    const dir = outputDirectory(out);
    writeWhole(dir, 'report.html', html);
    writeWhole(dir, 'report.pdf', pdf);
    printError(line`report of ${stored.runKey}: ${join(dir, 'report.html')} and ${join(dir, 'report.pdf')}`);
  });
}

async function list(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag });
  await withDatabase(flags.db, 'existing', async (app) => {
    const runs = await visibleRuns(operatorContext(app));
    printJson(
      runs.map((r) => ({
        runId: r.runKey,
        status: r.status,
        createdAt: r.createdAt,
        createdBy: r.createdByName,
        datasetHash: r.datasetHash,
        version: r.softwareVersion,
      })),
    );
  });
}
