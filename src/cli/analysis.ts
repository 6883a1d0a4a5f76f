import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import {
  analysisDatasets,
  assignmentsCsv,
  classifierJson,
  modelJson,
  outputsOf,
  renderReport,
  reportRunOf,
  reportPdf,
  rerunAnalysis,
  runDiscovery,
  runJson,
  visibleRun,
  visibleRuns,
  type RunRow,
} from '../features/analysis/public.ts';
import type { AnalysisOutputs } from '../immunotype/analysis-run.ts';
import { datasetTables } from '../immunotype/dataset-tables.ts';
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
  if (sub === 'rerun') return rerun(rest);
  if (sub === 'datasets') return datasets(rest);
  throw new InputError('command', `unknown command "analysis ${sub ?? ''}": use run, rerun, report, list or datasets`);
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

/** The study the command runs, as the files and the report name it. */
function studyOf(ctx: CallContext) {
  return { id: ctx.study.current.id, title: ctx.study.current.title };
}

function writeRunFiles(ctx: CallContext, dir: string, run: RunRow, outputs: AnalysisOutputs): void {
  writeWhole(dir, 'assignments.csv', assignmentsCsv(outputs));
  writeWhole(dir, 'model.json', modelJson(outputs));
  const classifier = classifierJson(outputs);
  if (classifier !== null) writeWhole(dir, 'classifier.json', classifier);
  writeWhole(dir, 'report.html', renderReport(reportRunOf(run, studyOf(ctx)), outputs));
  // Last: a run.json in the directory says the other files are complete.
  writeWhole(dir, 'run.json', runJson(run, outputs, studyOf(ctx)));
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

function runIdOf(argv: string[], command: string): [string, string[]] {
  const [runId, ...rest] = argv;
  if (runId === undefined || runId.startsWith('-')) {
    throw new InputError('runId', `name the run: analysis ${command} <runId>`);
  }
  return [runId, rest];
}

/** Runs a stored run's spec again: `{runId, rerunOf, sameData, identical}` on stdout, the files in --out if given. */
async function rerun(argv: string[]): Promise<void> {
  const [runId, rest] = runIdOf(argv, 'rerun');
  const flags = parseFlags(rest, { ...dbFlag, out: { type: 'string' } });
  if (flags.out !== undefined && existsSync(flags.out) && !statSync(flags.out).isDirectory()) {
    throw new InputError('--out', `${flags.out} is not a directory`);
  }
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const bar = progressBar('analysis');
    const again = await rerunAnalysis(ctx, runId, {
      onProgress: (_stage, fraction) => bar.update(Math.round(fraction * 100), 100),
    });
    bar.finish();
    if (flags.out !== undefined) writeRunFiles(ctx, outputDirectory(flags.out), again.run, again.outputs);
    printJson({
      runId: again.run.runKey,
      rerunOf: again.rerunOf,
      sameData: again.sameData,
      identical: again.identical,
    });
  });
}

async function report(argv: string[]): Promise<void> {
  const [runId, rest] = runIdOf(argv, 'report');
  const flags = parseFlags(rest, { ...dbFlag, out: { type: 'string' } });
  const out = requireFlag(flags.out, '--out');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', `${out} is not a directory`);
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const stored = await visibleRun(ctx, runId);
    const html = renderReport(reportRunOf(stored, studyOf(ctx)), outputsOf(stored));
    const pdf = await reportPdf(html);
    const dir = outputDirectory(out);
    writeWhole(dir, 'report.html', html);
    writeWhole(dir, 'report.pdf', pdf);
    printError(line`report of ${stored.runKey}: ${join(dir, 'report.html')} and ${join(dir, 'report.pdf')}`);
  });
}

/** The analysis datasets as tidy CSV with their codebook, and the content hash a run records for them. */
async function datasets(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, out: { type: 'string' } });
  const out = requireFlag(flags.out, '--out');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', `${out} is not a directory`);
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const { datasets: data, hash } = await analysisDatasets(ctx);
    const analytes = ctx.study.assays.flatMap((assay) => assay.analytes);
    const tables = datasetTables(data, ctx.study.current.analysis, analytes);
    const dir = outputDirectory(out);
    writeWhole(dir, 'participants.csv', tables.participants);
    writeWhole(dir, 'samples.csv', tables.samples);
    writeWhole(dir, 'codebook.csv', tables.codebook);
    printJson({ datasetHash: hash, participants: data.participants.length, samples: data.samples.length });
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
