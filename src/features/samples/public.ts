/** What other slices and the server may use of the samples slice. */
export { samplesRoutes } from './routes.ts';
export { findSamplesByBarcodes, type FoundSample } from './find-by-barcode.ts';
export { createDestructionTasks } from './destruction-tasks.ts';
