/** What the server may use of the study slice. */
export { readDemoMark, writeDemoMark } from './demo-mark.ts';
export { studyRoutes } from './routes.ts';
