/** What the server and the command line may use of the exports slice. */
export { exportRoutes } from './routes.ts';
export {
  analysisSpecs,
  analysisTables,
  exportMetadata,
  exportScope,
  exportTableSpecs,
  writeTables,
} from './tables-export.ts';
export type { AnalysisTables, ExportScope } from './tables-export.ts';
export { auditExport, codebookOf, scriptFiles, scriptOf } from './tables-files.ts';
export { sinkFor } from './tables-sinks.ts';
export type { TableFormat } from './tables-sinks.ts';
export { redcapFile } from './redcap-files.ts';
// The ODM export (src/features/exports/odm-export.ts, written by its own helper).
export { writeOdmExport } from './odm-export.ts';
export type { OdmExportOptions, OdmExportSummary, OdmSink } from './odm-export.ts';
