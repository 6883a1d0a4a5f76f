/**
 * The endpoints the web app calls, as the slices' contracts define them (src/features/<slice>/contract.ts):
 * one place to import them from. Call them with `api.call(endpoint, input)` (client.ts).
 */
export { analysisEndpoints } from '../../../src/features/analysis/contract.ts';
export { auditEndpoints } from '../../../src/features/audit/contract.ts';
export { authEndpoints, meEndpoints } from '../../../src/features/auth/contract.ts';
export { consentEndpoints } from '../../../src/features/consent/contract.ts';
export { crfEndpoints } from '../../../src/features/crf/contract.ts';
export { dashboardsEndpoints } from '../../../src/features/dashboards/contract.ts';
export { destructionEndpoints } from '../../../src/features/destruction/contract.ts';
export { enrollmentEndpoints } from '../../../src/features/enrollment/contract.ts';
export { exportsEndpoints } from '../../../src/features/exports/contract.ts';
export { fhirEndpoints } from '../../../src/features/fhir/contract.ts';
export { labsEndpoints } from '../../../src/features/labs/contract.ts';
export { participantsEndpoints } from '../../../src/features/participants/contract.ts';
export { samplesEndpoints } from '../../../src/features/samples/contract.ts';
export { screeningEndpoints } from '../../../src/features/screening/contract.ts';
export { sitesEndpoints } from '../../../src/features/sites/contract.ts';
export { studyEndpoints } from '../../../src/features/study/contract.ts';
export { usersEndpoints } from '../../../src/features/users/contract.ts';
export { visitsEndpoints } from '../../../src/features/visits/contract.ts';

/** The security log and audit trails load this many entries a page. */
export const auditPageSize = 100;
