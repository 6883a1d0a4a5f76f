/** What other slices and the server may use of the participants slice: the participant record and its views. */
export { participantRoutes } from './routes.ts';
export { changeParticipant, reloadDetail } from './load.ts';
export { destructionColumns, type ParticipantRow } from './repo.ts';
export { siteParticipants } from './service.ts';
export { anchorRecords, toConsentView, toDestructionView } from './view.ts';
export { writeIdentity } from './identity.ts';
export type { ParticipantDetail, VisitTimelineEntry } from './contract.ts';
