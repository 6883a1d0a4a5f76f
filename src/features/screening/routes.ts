import { z } from 'zod';
import { siteParams } from '../sites/contract.ts';
import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import {
  screeningCreate,
  screeningCreated,
  screeningOutcomeUpdate,
  screeningParams,
  screeningQuery,
  screeningView,
} from './contract.ts';
import { screeningLogCsv } from './csv.ts';
import { createScreening, getScreening, listScreenings, setScreeningOutcome } from './service.ts';

export function screeningRoutes(app: ZodApp, appContext: AppContext): void {
  const tags = ['screening'];

  app.get('/api/sites/:siteId/screenings', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'The screening log of a site, newest first',
      params: siteParams,
      querystring: screeningQuery,
      response: { 200: z.object({ screenings: z.array(screeningView) }) },
    },
    handler: async (request) => ({
      screenings: await listScreenings(callContext(appContext, request), request.params.siteId, request.query),
    }),
  });

  app.get('/api/sites/:siteId/screenings/export', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'The screening log as CSV (no identifying data)',
      params: siteParams,
      response: { 200: z.string() },
    },
    handler: async (request, reply) => {
      const screenings = await listScreenings(callContext(appContext, request), request.params.siteId, {});
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="screening-log-site-${request.params.siteId}.csv"`)
        .send(screeningLogCsv(screenings));
    },
  });

  app.post('/api/sites/:siteId/screenings', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Record a screened patient; eligibility is decided by the protocol criteria',
      params: siteParams,
      body: screeningCreate,
      response: { 201: screeningCreated },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createScreening(callContext(appContext, request), request.params.siteId, request.body)),
  });

  app.get('/api/screenings/:screeningId', {
    config: { auth: 'user' },
    schema: { tags, summary: 'One screening', params: screeningParams, response: { 200: screeningView } },
    handler: (request) => getScreening(callContext(appContext, request), request.params.screeningId),
  });

  app.post('/api/screenings/:screeningId/outcome', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Approached, not approached (with reason) or declined',
      params: screeningParams,
      body: screeningOutcomeUpdate,
      response: { 200: screeningView },
    },
    handler: (request) =>
      setScreeningOutcome(callContext(appContext, request), request.params.screeningId, request.body),
  });
}
