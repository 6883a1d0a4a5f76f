import { ConfigError } from '../core/config.ts';
import { AppError, isAppError } from '../core/errors.ts';
import { version } from '../core/version.ts';
import { ChainBroken } from './audit.ts';
import { JsonCliError } from './json-io.ts';

interface Command {
  run: (argv: string[]) => Promise<void>;
  help: string;
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
  score: () => import('./score.ts').then((m) => ({ run: m.score, help: m.scoreHelp })),
  eligibility: () => import('./eligibility.ts').then((m) => ({ run: m.eligibility, help: m.eligibilityHelp })),
  schedule: () => import('./schedule.ts').then((m) => ({ run: m.schedule, help: m.scheduleHelp })),
  stats: () => import('./stats.ts').then((m) => ({ run: m.stats, help: m.statsHelp })),
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

/** The only place that decides exit codes: 2 for input the user can correct, 1 for everything else. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    throw new AppError('invalid_input', `unknown command "${name}"; see septype --help`, { field: 'command' });
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  await command.run(rest);
  return 0;
}

function report(error: unknown): number {
  if (error instanceof JsonCliError) {
    process.stderr.write(`${JSON.stringify(error.body)}\n`);
    return error.exitCode;
  }
  if (error instanceof ChainBroken) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`septype: configuration: ${error.message}\n`);
    return 2;
  }
  if (isAppError(error)) {
    process.stderr.write(`septype: ${error.message}\n`);
    return error.code === 'invalid_input' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`septype: ${message.split('\n')[0]}\n`);
  return 1;
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
