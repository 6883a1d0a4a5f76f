/** What the command line and the server may use of the analysis slice. */
export {
  analysisDatasetBatches,
  analysisDatasets,
  eq5dVisitsPresent,
  outputsOf,
  rerunAnalysis,
  runDiscovery,
  visibleRun,
  visibleRuns,
} from './service.ts';
export type { RunRow } from './runs-repo.ts';
export { assignmentsCsv, classifierJson, modelJson, reportRunOf, runJson } from './run-files.ts';
export { renderReport } from './report/render.ts';
export { reportPdf } from './report/pdf.ts';
export { analysisRoutes } from './routes.ts';
