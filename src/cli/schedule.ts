import { InputError } from '../core/errors.ts';
import { parseInput } from '../core/zod-input.ts';
import { visitSchedule } from '../protocol/nct07273344/visits.ts';
import { computeSchedule, scheduleInput } from '../protocol/schedule.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

export const scheduleHelp = `septype schedule < anchors.json
  Visit schedule of NCT07273344 from {icuAdmission, day0SampleAt, hospitalDischarge, death, timeZone} on
  stdin (one object or an array): date-times ISO with offset, dates YYYY-MM-DD, null while unknown;
  timeZone an IANA zone, default Europe/Amsterdam. Prints [{visit, applicable, target, earliest, latest}]
  for D0, D3, DIS, M3, M12. Invalid input: exit 2 and a JSON error on stderr naming the field.
  The rules: docs/schedule.md.`;

export async function schedule(argv: string[]): Promise<void> {
  if (argv.length > 0) {
    throw new InputError(argv[0] ?? 'arguments', `unexpected argument "${argv[0]}": the input comes on stdin`);
  }
  writeJson(
    applyToOneOrMany(await readStdinJson(), (raw) =>
      computeSchedule(visitSchedule.visits, parseInput(scheduleInput, raw)),
    ),
  );
}
