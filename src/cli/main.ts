import { InputError, isAppError, type AppError } from '../core/errors.ts';
import { version } from '../core/version.ts';

interface Command {
  run: (argv: string[]) => Promise<void>;
  help: string;
  /** Commands that speak JSON report errors as the API's JSON error body on stderr; the others in one line. */
  output?: 'json';
}

/** Each command's module loads only when it runs: `score` need not load the web server. */
const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./serve.ts').then((m) => ({ run: m.serve, help: m.serveHelp })),
  migrate: () => import('./migrate.ts').then((m) => ({ run: m.migrate, help: m.migrateHelp })),
  user: () => import('./user.ts').then((m) => ({ run: m.user, help: m.userHelp })),
  site: () => import('./site.ts').then((m) => ({ run: m.site, help: m.siteHelp })),
  audit: () => import('./audit.ts').then((m) => ({ run: m.audit, help: m.auditHelp })),
  backup: () => import('./backup.ts').then((m) => ({ run: m.backup, help: m.backupHelp })),
  restore: () => import('./backup.ts').then((m) => ({ run: m.restore, help: m.backupHelp })),
  score: () => import('./score.ts').then((m) => ({ run: m.score, help: m.scoreHelp, output: 'json' })),
  eligibility: () =>
    import('./eligibility.ts').then((m) => ({ run: m.eligibility, help: m.eligibilityHelp, output: 'json' })),
  schedule: () => import('./schedule.ts').then((m) => ({ run: m.schedule, help: m.scheduleHelp, output: 'json' })),
  stats: () => import('./stats.ts').then((m) => ({ run: m.stats, help: m.statsHelp, output: 'json' })),
  version: () =>
    Promise.resolve({
      run: () => Promise.resolve(void process.stdout.write(`septype ${version}\n`)),
      help: 'septype version',
    }),
};

async function usage(): Promise<string> {
  const helps = await Promise.all(Object.values(commands).map(async (load) => (await load()).help));
  return `septype ${version} — sepsis immunology cohort platform

Usage: septype <command> [flags]

${[...new Set(helps)].join('\n\n')}

Every command that uses a database takes --db <path|postgres://...> (default: $SEPTYPE_DB, else
./data/septype.db). "septype <command> --help" shows one command.
Exit codes: 0 success, 1 failure, 2 invalid input.
`;
}

/** The command being run, once known: how it reports errors. */
let running: Command | undefined;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return 0;
  }
  const load = commands[name];
  if (load === undefined) throw new InputError('command', `unknown command "${name}"; see septype --help`);
  running = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${running.help}\n`);
    return 0;
  }
  await running.run(rest);
  return 0;
}

/**
 * The only place that decides exit codes and how errors read: 2 for input the person can correct (an
 * InputError, naming the field or flag), 1 for everything else. JSON commands print the API's error body.
 */
function report(error: unknown): number {
  const known: AppError | undefined = isAppError(error) ? error : undefined;
  const code = known?.code === 'invalid_input' ? 2 : 1;
  if (running?.output === 'json') {
    const body = known?.toBody() ?? { error: { code: 'internal', message: firstLine(error) } };
    process.stderr.write(`${JSON.stringify(body)}\n`);
  } else {
    process.stderr.write(`septype: ${known?.message ?? firstLine(error)}\n`);
  }
  return code;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Exits once stdout and stderr have taken everything written: process.exit right after a large write to a
 * pipe would cut the output short (at 64 KB).
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (process.argv[2] !== 'serve') exitAfterFlush(code);
  },
  (error: unknown) => exitAfterFlush(report(error)),
);
