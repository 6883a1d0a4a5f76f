import { InputError, isAppError, type AppError } from '../core/errors.ts';
import { version } from '../core/version.ts';
import {
  auditHelp,
  backupHelp,
  dataKeyHelp,
  demoHelp,
  eligibilityHelp,
  exportHelp,
  fhirHelp,
  importHelp,
  analysisHelp,
  classifyHelp,
  immunotypeHelp,
  hladrHelp,
  migrateHelp,
  scheduleHelp,
  scoreHelp,
  serveHelp,
  siteHelp,
  statsHelp,
  userHelp,
} from './help.ts';
import { afterFlush, line, print, printError, printJson, printOwnText } from './output.ts';

interface Command {
  help: string;
  /** Commands that speak JSON report errors as the API's JSON error body on stderr; the others in one line. */
  output?: 'json';
  /** The command's module loads only when it runs: `score` need not load the web server, `--help` loads none. */
  /** A command may answer with its exit code (a report that is a refusal: `import results` with bad rows). */
  load: () => Promise<(argv: string[]) => Promise<void | number>>;
}

const commands: Record<string, Command> = {
  serve: { help: serveHelp, load: () => import('./serve.ts').then((m) => m.serve) },
  migrate: { help: migrateHelp, load: () => import('./migrate.ts').then((m) => m.migrate) },
  user: { help: userHelp, load: () => import('./user.ts').then((m) => m.user) },
  site: { help: siteHelp, load: () => import('./site.ts').then((m) => m.site) },
  audit: { help: auditHelp, load: () => import('./audit.ts').then((m) => m.audit) },
  backup: { help: backupHelp, load: () => import('./backup.ts').then((m) => m.backup) },
  restore: { help: backupHelp, load: () => import('./backup.ts').then((m) => m.restore) },
  'data-key': { help: dataKeyHelp, load: () => import('./data-key.ts').then((m) => m.dataKey) },
  score: { help: scoreHelp, output: 'json', load: () => import('./score.ts').then((m) => m.score) },
  eligibility: {
    help: eligibilityHelp,
    output: 'json',
    load: () => import('./eligibility.ts').then((m) => m.eligibility),
  },
  schedule: { help: scheduleHelp, output: 'json', load: () => import('./schedule.ts').then((m) => m.schedule) },
  stats: { help: statsHelp, output: 'json', load: () => import('./stats.ts').then((m) => m.stats) },
  export: { help: exportHelp, load: () => import('./export.ts').then((m) => m.exportCommand) },
  import: { help: importHelp, output: 'json', load: () => import('./import.ts').then((m) => m.importCommand) },
  fhir: { help: fhirHelp, output: 'json', load: () => import('./fhir.ts').then((m) => m.fhir) },
  hladr: { help: hladrHelp, output: 'json', load: () => import('./hladr.ts').then((m) => m.hladr) },
  immunotype: {
    help: immunotypeHelp,
    output: 'json',
    load: () => import('./immunotype.ts').then((m) => m.immunotype),
  },
  classify: { help: classifyHelp, output: 'json', load: () => import('./classify.ts').then((m) => m.classify) },
  analysis: { help: analysisHelp, load: () => import('./analysis.ts').then((m) => m.analysis) },
  demo: { help: demoHelp, load: () => import('./demo.ts').then((m) => m.demo) },
  version: {
    help: 'septype version',
    load: () => Promise.resolve(() => Promise.resolve(print(line`septype ${version}`))),
  },
};

function usage(): string {
  const helps = Object.values(commands).map((command) => command.help);
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
    printOwnText(usage());
    return 0;
  }
  // hasOwn: "constructor" or "toString" are not commands.
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) throw new InputError('command', `unknown command "${name}"; see septype --help`);
  running = command;
  if (rest.includes('--help') || rest.includes('-h')) {
    printOwnText(`${running.help}\n`);
    return 0;
  }
  const run = await running.load();
  return (await run(rest)) ?? 0;
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
    printJson(body, { to: 'stderr', indent: 0 });
  } else {
    printError(line`septype: ${known?.message ?? firstLine(error)}`);
  }
  return code;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function exitAfterFlush(code: number): void {
  afterFlush(() => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (process.argv[2] !== 'serve') exitAfterFlush(code);
  },
  (error: unknown) => exitAfterFlush(report(error)),
);
