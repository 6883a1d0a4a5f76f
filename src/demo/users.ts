import type { Role } from '../core/permissions.ts';
import { authEndpoints } from '../features/auth/contract.ts';
import { usersEndpoints } from '../features/users/contract.ts';
import { bootstrapAdministrator } from '../features/users/public.ts';
import type { CallContext, UserCaller } from '../kernel/context.ts';
import type { Rng } from '../stats/random.ts';
import type { InProcessApi } from './api.ts';

/**
 * The demo's accounts: one of every role, the site roles at each site, with passwords people can type that pass
 * the password policy (four words and a number: zxcvbn rates such passphrases 4). They are set through the same
 * "change password" call a person makes after the first sign-in, so nobody must change them again. Passwords are
 * drawn from the seed, so a demo rebuilt with the same seed has the same ones.
 */

export interface DemoAccount {
  username: string;
  role: Role;
  siteId: number | null;
  siteCode: string | null;
  password: string;
  ctx: CallContext;
}

const words = [
  'amber',
  'basalt',
  'cactus',
  'dolphin',
  'ember',
  'fjord',
  'glacier',
  'harbour',
  'indigo',
  'juniper',
  'kestrel',
  'lantern',
  'meadow',
  'nutmeg',
  'orchard',
  'pebble',
  'quartz',
  'raven',
  'saffron',
  'tulip',
  'umber',
  'velvet',
  'walnut',
  'yarrow',
  'zephyr',
  'beacon',
  'cobalt',
  'dune',
  'falcon',
  'granite',
  'heron',
  'lagoon',
  'mosaic',
  'otter',
  'prairie',
  'ripple',
  'spruce',
  'thistle',
  'willow',
  'windmill',
  'polder',
  'canal',
  'tjalk',
  'dijk',
];

export function demoPassword(rng: Rng): string {
  const picked = Array.from({ length: 4 }, () => words[rng.int(words.length)]!);
  return `${picked.join('-')}-${10 + rng.int(90)}`;
}

/** The caller a signed-in account is, as the server's token authentication would make it. */
function callerOf(userId: number, username: string, memberships: UserCaller['memberships']): UserCaller {
  return { kind: 'user', userId, username, memberships, via: 'token' };
}

export function asUser(operator: CallContext, caller: UserCaller): CallContext {
  return { ...operator, caller, source: 'api', requestId: null };
}

/** The first administrator (the same call `septype serve` makes on an empty database), with a demo password. */
export async function demoAdministrator(api: InProcessApi, operator: CallContext, rng: Rng): Promise<DemoAccount> {
  const created = await bootstrapAdministrator(operator);
  if (created === null) throw new Error('demo: the database already has accounts');
  const user = await operator.database.kysely
    .selectFrom('users')
    .select('id')
    .where('username', '=', created.username)
    .executeTakeFirstOrThrow();
  const ctx = asUser(operator, callerOf(Number(user.id), created.username, [{ siteId: null, role: 'administrator' }]));
  const password = demoPassword(rng);
  await api.call(ctx, authEndpoints.changePassword, {
    body: { currentPassword: created.oneTimePassword, newPassword: password },
  });
  return { username: created.username, role: 'administrator', siteId: null, siteCode: null, password, ctx };
}

/** An account made by the administrator, its one-time password replaced by a demo password. */
export async function demoAccount(
  api: InProcessApi,
  admin: CallContext,
  rng: Rng,
  spec: { username: string; displayName: string; role: Role; siteId: number | null; siteCode: string | null },
): Promise<DemoAccount> {
  const memberships = [{ siteId: spec.siteId, role: spec.role }];
  const created = await api.call(admin, usersEndpoints.create, {
    body: {
      username: spec.username,
      displayName: spec.displayName,
      email: `${spec.username}@demo.septype.invalid`,
      memberships,
    },
  });
  const ctx = asUser(admin, callerOf(created.user.id, created.user.username, memberships));
  const password = demoPassword(rng);
  await api.call(ctx, authEndpoints.changePassword, {
    body: { currentPassword: created.oneTimePassword, newPassword: password },
  });
  return {
    username: created.user.username,
    role: spec.role,
    siteId: spec.siteId,
    siteCode: spec.siteCode,
    password,
    ctx,
  };
}
