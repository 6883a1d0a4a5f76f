/** What other slices and the server may use of the screening slice. */
export { screeningRoutes } from './routes.ts';
export { screeningOf } from './repo.ts';
