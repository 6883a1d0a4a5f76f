import { createReadStream, existsSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { importOdm } from '../features/crf/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, printError, printJson } from './output.ts';

/** A file whose problems stored nothing: the exit code of invalid input, with the report on stdout. */
const invalidInput = 2;

/**
 * `septype import odm --db <path|url> --file <file> [--dry-run]` (issue 15): imports the clinical data of a CDISC
 * ODM 1.3.2 file through the forms' own save. Prints `{subjects, forms, items, errors: [{path, problem}], …}`;
 * exit 2 when the file has problems (nothing stored), 0 otherwise.
 */
export async function importOdmFile(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { ...dbFlag, file: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const path = requireFlag(flags.file, '--file');
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError('--file', `no file at ${path}`);
  const dryRun = flags['dry-run'] === true;
  return withDatabase(flags.db, 'existing', async (app) => {
    const report = await importOdm(operatorContext(app), { source: createReadStream(path), dryRun });
    printJson({
      subjects: report.subjects,
      forms: report.forms,
      items: report.items,
      errors: report.errors,
      stored: report.stored,
      dryRun: report.dryRun,
      changed: report.changed,
      unchanged: report.unchanged,
      notes: report.notes,
    });
    if (report.errors.length > 0) {
      printError(line`${report.errors.length} problems in the file: nothing stored`);
    } else if (dryRun) {
      printError(line`dry run: ${report.changed} forms would change, ${report.unchanged} unchanged; nothing stored`);
    } else {
      printError(line`${report.changed} forms changed, ${report.unchanged} unchanged`);
    }
    return report.errors.length > 0 ? invalidInput : 0;
  });
}
