import { calibrateHladrInput } from '../clinical/hladr-calibration.ts';
import { InputError } from '../core/errors.ts';
import { readStdinJson, writeJson } from './json-io.ts';

const subcommands = ['calibrate'];

/**
 * `septype hladr calibrate`: one acquisition run's beads and samples as a JSON object on stdin, the
 * calibration on stdout (src/clinical/hladr-calibration.ts). A refused calibration is a result (exit 0,
 * accepted false); only malformed input is exit 2.
 */
export async function hladr(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || !subcommands.includes(name)) {
    throw new InputError('subcommand', `unknown hladr subcommand "${name ?? ''}": use ${subcommands.join(', ')}`);
  }
  const extra = rest[0];
  if (extra !== undefined) throw new InputError(extra, `unexpected argument "${extra}": the input comes on stdin`);
  writeJson(calibrateHladrInput(await readStdinJson()));
}
