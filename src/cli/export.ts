import { InputError } from '../core/errors.ts';

/** `septype export odm|tables|redcap`: each subcommand is its own file, loaded only when it runs. */
const subcommands: Record<string, () => Promise<(argv: string[]) => Promise<void | number>>> = {
  odm: () => import('./export-odm.ts').then((m) => m.exportOdm),
  tables: () => import('./export-tables.ts').then((m) => m.exportTables),
  redcap: () => import('./export-redcap.ts').then((m) => m.exportRedcap),
};

export async function exportCommand(argv: string[]): Promise<void | number> {
  const [sub, ...rest] = argv;
  const load = sub !== undefined && Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (load === undefined) {
    throw new InputError(
      'command',
      `unknown command "export ${sub ?? ''}": use ${Object.keys(subcommands).join(', ')}`,
    );
  }
  const run = await load();
  return run(rest);
}
