import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redcapFiles } from '../interop/redcap/dictionary.ts';
import { study } from '../protocol/nct07273344/protocol.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { checkOutputDirectory, writeDirectory } from './export-dir.ts';
import { line, printError, printJson } from './output.ts';

/**
 * `septype export redcap --out DIR` (issue 15 §3): the study's forms (the current protocol version) as a REDCap
 * data dictionary with its events, instrument–event mapping and repeating instruments. Needs no database; --db is
 * accepted (and not opened) so that it takes the same flags as the other exports.
 */
export async function exportRedcap(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, out: { type: 'string' } });
  const target = checkOutputDirectory(requireFlag(flags.out, '--out'));
  const protocol = study.current;
  const files = await writeDirectory(target, (dir) => {
    const names = Object.keys(redcapFiles) as (keyof typeof redcapFiles)[];
    for (const name of names) writeFileSync(join(dir, name), redcapFiles[name](protocol));
    return Promise.resolve(names);
  });
  printJson({ study: protocol.id, version: protocol.version, files });
  printError(line`REDCap project files of ${protocol.id} in ${target}`);
}
