import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id, isoDateTime, keyed, language, role, somethingToChange, username } from '../../core/schemas.ts';
import { userMessages } from './messages.ts';

export const membershipInput = z.strictObject({
  /** null: the role holds at every site (coordinating centre). */
  siteId: id.nullable(),
  role,
});

export const userView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  language,
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: isoDateTime.nullable(),
  createdAt: isoDateTime,
  disabledAt: isoDateTime.nullable(),
  memberships: z.array(z.object({ siteId: z.number().nullable(), role })),
});
export type UserView = z.infer<typeof userView>;

export const userCreate = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullable().optional(),
  language: language.default('en'),
  memberships: z
    .array(membershipInput)
    .max(100)
    .refine((memberships) => memberships.length > 0, keyed(userMessages.atLeastOneRole())),
});

export const userUpdate = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine(...somethingToChange);

export const rolesReplace = z.strictObject({
  memberships: z.array(membershipInput).max(100),
  reason: z.string().trim().max(500).optional(),
});

export const userParams = z.strictObject({ userId: id });

/** A new account or a password reset: the one-time password is shown once and must be changed at first sign-in. */
export const userWithPassword = z.object({ user: userView, oneTimePassword: z.string() });

/** Account administration: all of it needs user.manage at every site. */
const access = { action: 'user.manage', at: 'everywhere' } as const;
const tag = 'users';

export const usersEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/users',
    tag,
    summary: 'All accounts',
    access,
    response: z.object({ users: z.array(userView) }),
    errors: [],
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/users',
    tag,
    summary: 'Create an account (returns a one-time password)',
    access,
    body: userCreate,
    status: 201,
    response: userWithPassword,
    errors: ['conflict'],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/users/:userId',
    tag,
    summary: 'One account',
    access,
    params: userParams,
    response: userView,
    errors: ['not_found'],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/users/:userId',
    tag,
    summary: 'Change an account (name, e-mail, disabled)',
    access,
    params: userParams,
    body: userUpdate,
    response: userView,
    errors: ['not_found', 'conflict'],
  }),
  replaceRoles: endpoint({
    method: 'PUT',
    path: '/api/users/:userId/roles',
    tag,
    summary: "Replace an account's roles per site",
    access,
    params: userParams,
    body: rolesReplace,
    response: userView,
    errors: ['not_found', 'conflict'],
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/users/:userId/password-reset',
    tag,
    summary: 'Reset the password (returns a one-time password)',
    access,
    params: userParams,
    response: userWithPassword,
    errors: ['not_found'],
  }),
  unlock: endpoint({
    method: 'POST',
    path: '/api/users/:userId/unlock',
    tag,
    summary: 'Unlock an account locked after failed sign-ins',
    access,
    params: userParams,
    response: userView,
    errors: ['not_found'],
  }),
  resetTotp: endpoint({
    method: 'POST',
    path: '/api/users/:userId/totp-reset',
    tag,
    summary: 'Remove the second factor (lost phone)',
    access,
    params: userParams,
    response: userView,
    errors: ['not_found'],
  }),
};
