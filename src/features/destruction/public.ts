/** What other slices and the server may use of the destruction slice. */
export { destructionRoutes } from './routes.ts';
export { requestDestruction } from './request.ts';
