import { z } from 'zod';
import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { screeningParams } from '../screening/contract.ts';
import { siteParams } from '../sites/contract.ts';
import {
  enrollment,
  eventCreate,
  identityInput,
  identityView,
  participantDetail,
  participantParams,
  participantSummary,
  withdrawalCreate,
} from './contract.ts';
import { enroll } from './enroll.ts';
import { recordEvent, withdraw } from './follow-up.ts';
import { readIdentity, updateIdentity } from './identity.ts';
import { getParticipant, listParticipants } from './service.ts';

export function participantRoutes(app: ZodApp, appContext: AppContext): void {
  const tags = ['participants'];

  app.post('/api/screenings/:screeningId/enrollment', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Enroll an eligible screened patient: study id, sealed identity, first consent record',
      params: screeningParams,
      body: enrollment,
      response: { 201: participantDetail },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await enroll(callContext(appContext, request), request.params.screeningId, request.body)),
  });

  app.get('/api/sites/:siteId/participants', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: "A site's participants with consent status and next visit",
      params: siteParams,
      response: { 200: z.object({ participants: z.array(participantSummary) }) },
    },
    handler: async (request) => ({
      participants: await listParticipants(callContext(appContext, request), request.params.siteId),
    }),
  });

  app.get('/api/participants/:participantId', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'A participant: consent, visit timeline with statuses, events, deviations',
      params: participantParams,
      response: { 200: participantDetail },
    },
    handler: (request) => getParticipant(callContext(appContext, request), request.params.participantId),
  });

  app.get('/api/participants/:participantId/identity', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: "The participant's identifying data (the site's own staff only; every read is audited)",
      params: participantParams,
      response: { 200: identityView },
    },
    handler: (request) => readIdentity(callContext(appContext, request), request.params.participantId),
  });

  app.put('/api/participants/:participantId/identity', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: "Change the participant's identifying data (not the hospital number)",
      params: participantParams,
      body: identityInput,
      response: { 200: identityView },
    },
    handler: (request) => updateIdentity(callContext(appContext, request), request.params.participantId, request.body),
  });

  app.post('/api/participants/:participantId/events', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Record hospital discharge, death, transfer or lost to follow-up',
      params: participantParams,
      body: eventCreate,
      response: { 201: participantDetail },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await recordEvent(callContext(appContext, request), request.params.participantId, request.body)),
  });

  app.post('/api/participants/:participantId/withdrawal', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Withdraw: stop follow-up; a destroying scope asks an investigator to approve the destruction',
      params: participantParams,
      body: withdrawalCreate,
      response: { 201: participantDetail },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await withdraw(callContext(appContext, request), request.params.participantId, request.body)),
  });
}
