/** What the server may use of the case report forms slice. */
export { crfRoutes } from './routes.ts';
