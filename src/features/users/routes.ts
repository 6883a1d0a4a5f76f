import type { Router } from '../../kernel/router.ts';
import { usersEndpoints as endpoints } from './contract.ts';
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

export function userRoutes(router: Router): void {
  router.on(endpoints.list, async ({ ctx }) => ({ users: await listUsers(ctx) }));
  router.on(endpoints.create, ({ ctx, body }) => createUser(ctx, body));
  router.on(endpoints.get, ({ ctx, params }) => getUser(ctx, params.userId));
  router.on(endpoints.update, ({ ctx, params, body }) => updateUser(ctx, params.userId, body));
  router.on(endpoints.replaceRoles, ({ ctx, params, body }) => replaceRoles(ctx, params.userId, body));
  router.on(endpoints.resetPassword, ({ ctx, params }) => resetPassword(ctx, params.userId));
  router.on(endpoints.unlock, ({ ctx, params }) => unlockUser(ctx, params.userId));
  router.on(endpoints.resetTotp, ({ ctx, params }) => resetSecondFactor(ctx, params.userId));
}
