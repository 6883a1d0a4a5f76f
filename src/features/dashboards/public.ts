/** What the server may use of the dashboards slice. */
export { dashboardRoutes } from './routes.ts';
