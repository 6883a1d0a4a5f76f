import { AppError, InputError } from '../core/errors.ts';
import { roles, type Role } from '../core/permissions.ts';
import { userCreate } from '../features/users/contract.ts';
import { createUser, listUsers, updateUser } from '../features/users/public.ts';
import { findSiteByCode } from '../features/sites/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, print, printJson } from './output.ts';
import { parseWith } from './parse-with.ts';

export async function user(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return addUser(rest);
  if (sub === 'list') return listAll(rest);
  if (sub === 'disable') return disable(rest);
  throw new InputError('command', `unknown command "user ${sub ?? ''}": use add, list or disable`);
}

async function addUser(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    username: { type: 'string' },
    'display-name': { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    site: { type: 'string' },
  });
  const role = requireFlag(flags.role, '--role');
  if (!roles.includes(role as Role)) {
    throw new InputError('--role', `--role must be one of ${roles.join(', ')}`);
  }
  await withDatabase(flags.db, 'create', async (app) => {
    const ctx = operatorContext(app);
    const siteFlag = flags.site ?? 'all';
    let siteId: number | null = null;
    if (siteFlag !== 'all') {
      const site = await findSiteByCode(app.database.kysely, siteFlag.toUpperCase());
      if (site === undefined) throw new InputError('--site', `no site with code ${siteFlag}`);
      siteId = site.id;
    }
    const input = parseWith(
      userCreate,
      {
        username: requireFlag(flags.username, '--username'),
        displayName: requireFlag(flags['display-name'], '--display-name'),
        email: flags.email,
        memberships: [{ siteId, role }],
      },
      { username: '--username', displayName: '--display-name', email: '--email' },
    );
    const created = await createUser(ctx, input);
    print(line`created ${created.user.username}; one-time password (shown once): ${created.oneTimePassword}`);
  });
}

async function listAll(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, json: { type: 'boolean' } });
  await withDatabase(flags.db, 'existing', async (app) => {
    const users = await listUsers(operatorContext(app));
    if (flags.json === true) {
      printJson(users);
      return;
    }
    for (const u of users) {
      const memberships = u.memberships.map((m) => `${m.role}@${m.siteId ?? 'all'}`).join(',');
      const state =
        u.disabledAt !== null
          ? 'disabled'
          : u.lockedUntil !== null && u.lockedUntil > new Date().toISOString()
            ? 'locked'
            : 'active';
      print(line`${u.username}\t${u.displayName}\t${state}\t${memberships}`);
    }
  });
}

async function disable(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, username: { type: 'string' } });
  const username = requireFlag(flags.username, '--username').toLowerCase();
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const found = (await listUsers(ctx)).find((u) => u.username === username);
    if (found === undefined) throw new AppError('not_found', `no user named ${username}`, { field: '--username' });
    await updateUser(ctx, found.id, { disabled: true });
    print(line`disabled ${username}; their sessions have ended`);
  });
}
