import { createReadStream, existsSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { resultFormat } from '../features/labs/contract.ts';
import { importResults } from '../features/labs/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, printError, printJson } from './output.ts';

/** A file whose problems stored nothing: the exit code of invalid input, with the report (not an error body) on stdout. */
const invalidInput = 2;

export async function importCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'results') return importResultFile(rest);
  if (sub === 'odm') return import('./import-odm.ts').then((m) => m.importOdmFile(rest));
  throw new InputError('command', `unknown command "import ${sub ?? ''}": use results or odm`);
}

/**
 * `septype import results`: the fixed contract of issue 12. Prints `{rows, imported, errors}` on stdout; the
 * import's id, hash and corrections go to stderr for the person at the terminal.
 */
async function importResultFile(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    file: { type: 'string' },
    format: { type: 'string' },
    lab: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'accept-partial': { type: 'boolean' },
  });
  const path = requireFlag(flags.file, '--file');
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError('--file', `no file at ${path}`);
  const format = resultFormat.safeParse(requireFlag(flags.format, '--format'));
  if (!format.success) throw new InputError('--format', `--format must be one of ${resultFormat.options.join(', ')}`);
  return withDatabase(flags.db, 'existing', async (app) => {
    const report = await importResults(operatorContext(app), {
      format: format.data,
      lab: flags.lab ?? null,
      fileName: path,
      source: createReadStream(path),
      dryRun: flags['dry-run'] === true,
      acceptPartial: flags['accept-partial'] === true,
    });
    const errors = report.errors.map(({ line, column, problem }) => ({ line, column, problem }));
    printJson({ rows: report.rows, imported: report.imported, errors });
    if (report.importId !== null) {
      printError(
        line`import ${report.importId}: ${report.imported} results stored (${report.corrected} corrections), sha256 ${report.contentHash}`,
      );
    } else if (report.dryRun) {
      printError(line`dry run: ${report.valid} of ${report.rows} rows valid; nothing stored`);
    }
    return report.errors.length > 0 && report.importId === null ? invalidInput : 0;
  });
}
