/** What other slices, the server and the command line may use of the sites slice. */
export { siteRoutes } from './routes.ts';
export { createSite, sitesOfCaller } from './service.ts';
export { findSiteByCode, listSites, siteOf } from './repo.ts';
export type { SiteView } from './contract.ts';
