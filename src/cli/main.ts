import { ConfigError } from '../core/config.ts';
import { AppError, isAppError } from '../core/errors.ts';
import { version } from '../core/version.ts';
import { audit, auditHelp, ChainBroken } from './audit.ts';
import { backup, backupHelp, restore } from './backup.ts';
import { eligibility, eligibilityHelp } from './eligibility.ts';
import { JsonCliError } from './json-io.ts';
import { migrate, migrateHelp } from './migrate.ts';
import { score, scoreHelp } from './score.ts';
import { serve, serveHelp } from './serve.ts';
import { site, siteHelp } from './site.ts';
import { user, userHelp } from './user.ts';

const commands: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  serve: { run: serve, help: serveHelp },
  migrate: { run: migrate, help: migrateHelp },
  user: { run: user, help: userHelp },
  site: { run: site, help: siteHelp },
  audit: { run: audit, help: auditHelp },
  backup: { run: backup, help: backupHelp },
  score: { run: score, help: scoreHelp },
  eligibility: { run: eligibility, help: eligibilityHelp },
  restore: { run: restore, help: backupHelp },
  version: { run: () => Promise.resolve(void process.stdout.write(`septype ${version}\n`)), help: 'septype version' },
};

const usage = `septype ${version} — sepsis immunology cohort platform

Usage: septype <command> [flags]

${[...new Set(Object.values(commands).map((c) => c.help))].join('\n\n')}

Every command that uses a database takes --db <path|postgres://...> (default: $SEPTYPE_DB, else
./data/septype.db). "septype <command> --help" shows one command.
Exit codes: 0 success, 1 failure, 2 invalid input.
`;

/** The only place that decides exit codes: 2 for input the user can correct, 1 for everything else. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  const command = commands[name];
  if (command === undefined)
    throw new AppError('invalid_input', `unknown command "${name}"; see septype --help`, { field: 'command' });
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

main(process.argv.slice(2)).then(
  (code) => {
    if (process.argv[2] !== 'serve') process.exit(code);
  },
  (error: unknown) => process.exit(report(error)),
);
