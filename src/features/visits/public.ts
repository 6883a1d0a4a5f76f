/** What the server may use of the visits slice. */
export { visitRoutes } from './routes.ts';
