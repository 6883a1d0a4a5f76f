import { z } from 'zod';
import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { siteCreate, siteParams, siteUpdate, siteView } from './contract.ts';
import { createSite, getSite, sitesOfCaller, updateSite } from './service.ts';

export function siteRoutes(app: ZodApp, appContext: AppContext): void {
  app.get('/api/sites', {
    config: { auth: 'user' },
    schema: {
      tags: ['sites'],
      summary: 'The sites you work at (all, for roles that hold everywhere)',
      response: { 200: z.object({ sites: z.array(siteView) }) },
    },
    handler: async (request) => ({ sites: await sitesOfCaller(callContext(appContext, request)) }),
  });

  app.post('/api/sites', {
    config: { auth: 'user' },
    schema: { tags: ['sites'], summary: 'Create a site', body: siteCreate, response: { 201: siteView } },
    handler: async (request, reply) =>
      reply.status(201).send(await createSite(callContext(appContext, request), request.body)),
  });

  app.get('/api/sites/:siteId', {
    config: { auth: 'user' },
    schema: { tags: ['sites'], summary: 'One site', params: siteParams, response: { 200: siteView } },
    handler: (request) => getSite(callContext(appContext, request), request.params.siteId),
  });

  app.patch('/api/sites/:siteId', {
    config: { auth: 'user' },
    schema: {
      tags: ['sites'],
      summary: 'Change a site (name, time zone, disabled)',
      params: siteParams,
      body: siteUpdate,
      response: { 200: siteView },
    },
    handler: (request) => updateSite(callContext(appContext, request), request.params.siteId, request.body),
  });
}
