/** What the server and the command line may use of the laboratory slice. */
export { labRoutes } from './routes.ts';
export { importResults, type ImportInput } from './import-results.ts';
