/** What the server and the command line may use of the fhir slice. */
export { fhirRoutes } from './routes.ts';
export { participantIdOf, proposeForParticipant } from './service.ts';
