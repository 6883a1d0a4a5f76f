import { z } from 'zod';
import { id, isoDateTime, language, role, username } from '../../core/schemas.ts';

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
  memberships: z.array(membershipInput).min(1, 'give the user at least one role').max(100),
});

export const userUpdate = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change');

export const rolesReplace = z.strictObject({
  memberships: z.array(membershipInput).max(100),
  reason: z.string().trim().max(500).optional(),
});

export const userParams = z.strictObject({ userId: id });

/** A new account or a password reset: the one-time password is shown once and must be changed at first sign-in. */
export const userWithPassword = z.object({ user: userView, oneTimePassword: z.string() });
