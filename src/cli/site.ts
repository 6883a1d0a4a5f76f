import { InputError } from '../core/errors.ts';
import { siteCreate } from '../features/sites/contract.ts';
import { createSite, sitesOfCaller } from '../features/sites/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, print, printJson } from './output.ts';
import { parseWith } from './parse-with.ts';

export async function site(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return addSite(rest);
  if (sub === 'list') return listAll(rest);
  throw new InputError('command', `unknown command "site ${sub ?? ''}": use add or list`);
}

async function addSite(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    code: { type: 'string' },
    name: { type: 'string' },
    'time-zone': { type: 'string' },
  });
  const input = parseWith(
    siteCreate,
    { code: requireFlag(flags.code, '--code'), name: requireFlag(flags.name, '--name'), timeZone: flags['time-zone'] },
    { code: '--code', name: '--name', timeZone: '--time-zone' },
  );
  await withDatabase(flags.db, 'create', async (app) => {
    const created = await createSite(operatorContext(app), input);
    print(line`created site ${created.code} (${created.name}, ${created.timeZone}), id ${created.id}`);
  });
}

async function listAll(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, json: { type: 'boolean' } });
  await withDatabase(flags.db, 'existing', async (app) => {
    const sites = await sitesOfCaller(operatorContext(app));
    if (flags.json === true) {
      printJson(sites);
      return;
    }
    for (const s of sites) {
      print(line`${s.code}\t${s.name}\t${s.timeZone}\t${s.disabledAt === null ? 'active' : 'disabled'}`);
    }
  });
}
