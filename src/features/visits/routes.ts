import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { participantDetail, participantParams } from '../participants/contract.ts';
import { siteParams } from '../sites/contract.ts';
import { visitRecordCreate, worklist } from './contract.ts';
import { recordVisit } from './service.ts';
import { siteWorklist } from './worklist-service.ts';

export function visitRoutes(app: ZodApp, appContext: AppContext): void {
  const tags = ['visits'];

  app.post('/api/participants/:participantId/visits', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Record a visit as done (with blood drawn and tubes) or missed',
      params: participantParams,
      body: visitRecordCreate,
      response: { 201: participantDetail },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await recordVisit(callContext(appContext, request), request.params.participantId, request.body)),
  });

  app.get('/api/sites/:siteId/worklist', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Visits due today and this week, overdue, follow-up calls to plan, consents pending',
      params: siteParams,
      response: { 200: worklist },
    },
    handler: (request) => siteWorklist(callContext(appContext, request), request.params.siteId),
  });
}
