/** What other slices and the server may use of the consent slice. */
export { consentRoutes } from './routes.ts';
export { insertConsent } from './service.ts';
