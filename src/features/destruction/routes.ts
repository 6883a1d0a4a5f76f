import { z } from 'zod';
import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { siteParams } from '../sites/contract.ts';
import { destructionApproval, destructionParams, destructionRejection, destructionView } from './contract.ts';
import { decideDestruction, listDestructions } from './service.ts';

export function destructionRoutes(app: ZodApp, appContext: AppContext): void {
  const tags = ['destruction'];

  app.get('/api/sites/:siteId/destructions', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Pending destruction requests and the tombstones of destroyed participants',
      params: siteParams,
      response: { 200: z.object({ destructions: z.array(destructionView) }) },
    },
    handler: async (request) => ({
      destructions: await listDestructions(callContext(appContext, request), request.params.siteId),
    }),
  });

  app.post('/api/destructions/:destructionId/approve', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Approve (and carry out) a destruction: an investigator other than the requester',
      params: destructionParams,
      body: destructionApproval,
      response: { 200: destructionView },
    },
    handler: (request) =>
      decideDestruction(callContext(appContext, request), request.params.destructionId, {
        approve: true,
        note: request.body.note ?? null,
      }),
  });

  app.post('/api/destructions/:destructionId/reject', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Reject a destruction request, saying why',
      params: destructionParams,
      body: destructionRejection,
      response: { 200: destructionView },
    },
    handler: (request) =>
      decideDestruction(callContext(appContext, request), request.params.destructionId, {
        approve: false,
        note: request.body.note,
      }),
  });
}
