import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { participantDetail, participantParams } from '../participants/contract.ts';
import { consentCreate } from './contract.ts';
import { recordConsent } from './service.ts';

export function consentRoutes(app: ZodApp, appContext: AppContext): void {
  app.post('/api/participants/:participantId/consents', {
    config: { auth: 'user' },
    schema: {
      tags: ['consent'],
      summary: 'Record consent given, refused (starts destruction) or deferred',
      params: participantParams,
      body: consentCreate,
      response: { 201: participantDetail },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await recordConsent(callContext(appContext, request), request.params.participantId, request.body)),
  });
}
