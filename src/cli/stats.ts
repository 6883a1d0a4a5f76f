import { InputError } from '../core/errors.ts';

type Analysis = (argv: string[]) => void | Promise<void>;

/**
 * One entry per analysis, each loaded only when it runs: consensus alone brings the clustering code and
 * its worker threads.
 */
const subcommands: Record<string, () => Promise<Analysis>> = {
  km: () => import('./stats-km.ts').then((m) => m.km),
  cif: () => import('./stats-cif.ts').then((m) => m.cif),
  cox: () => import('./stats-cox.ts').then((m) => m.cox),
  consensus: () => import('./stats-consensus.ts').then((m) => m.consensus),
};

export async function stats(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (load === undefined) {
    const known = Object.keys(subcommands).join(', ');
    throw new InputError('subcommand', `unknown stats subcommand "${name ?? ''}": use ${known}`);
  }
  const run = await load();
  await run(rest);
}
