/** What the server may use of the enrollment slice. */
export { enrollmentRoutes } from './routes.ts';
