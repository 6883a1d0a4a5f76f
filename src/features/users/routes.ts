import { z } from 'zod';
import type { AppContext } from '../access/context.ts';
import { callContext, type ZodApp } from '../access/http.ts';
import { rolesReplace, userCreate, userParams, userUpdate, userView, userWithPassword } from './contract.ts';
import {
  createUser,
  getUser,
  listUsers,
  replaceRoles,
  resetPassword,
  resetSecondFactor,
  unlockUser,
  updateUser,
} from './service.ts';

export function userRoutes(app: ZodApp, appContext: AppContext): void {
  const tags = ['users'];

  app.get('/api/users', {
    config: { auth: 'user' },
    schema: { tags, summary: 'All accounts', response: { 200: z.object({ users: z.array(userView) }) } },
    handler: async (request) => ({ users: await listUsers(callContext(appContext, request)) }),
  });

  app.post('/api/users', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Create an account (returns a one-time password)',
      body: userCreate,
      response: { 201: userWithPassword },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createUser(callContext(appContext, request), request.body)),
  });

  app.get('/api/users/:userId', {
    config: { auth: 'user' },
    schema: { tags, summary: 'One account', params: userParams, response: { 200: userView } },
    handler: (request) => getUser(callContext(appContext, request), request.params.userId),
  });

  app.patch('/api/users/:userId', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Change an account (name, e-mail, disabled)',
      params: userParams,
      body: userUpdate,
      response: { 200: userView },
    },
    handler: (request) => updateUser(callContext(appContext, request), request.params.userId, request.body),
  });

  app.put('/api/users/:userId/roles', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: "Replace an account's roles per site",
      params: userParams,
      body: rolesReplace,
      response: { 200: userView },
    },
    handler: (request) => replaceRoles(callContext(appContext, request), request.params.userId, request.body),
  });

  app.post('/api/users/:userId/password-reset', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Reset the password (returns a one-time password)',
      params: userParams,
      response: { 200: userWithPassword },
    },
    handler: (request) => resetPassword(callContext(appContext, request), request.params.userId),
  });

  app.post('/api/users/:userId/unlock', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'Unlock an account locked after failed sign-ins',
      params: userParams,
      response: { 200: userView },
    },
    handler: (request) => unlockUser(callContext(appContext, request), request.params.userId),
  });

  app.post('/api/users/:userId/totp-reset', {
    config: { auth: 'user' },
    schema: { tags, summary: 'Remove the second factor (lost phone)', params: userParams, response: { 200: userView } },
    handler: (request) => resetSecondFactor(callContext(appContext, request), request.params.userId),
  });
}
