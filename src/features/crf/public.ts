/** What the server may use of the case report forms slice. */
export { crfRoutes } from './routes.ts';
export { importOdm, type OdmImportReport, type OdmImportProblem } from './odm-import.ts';
