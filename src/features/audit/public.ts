/** What the server may use of the audit slice. */
export { auditRoutes } from './routes.ts';
