/** What the server may use of the study slice. */
export { studyRoutes } from './routes.ts';
