import { InputError } from '../core/errors.ts';
import { parseInput } from '../core/zod-input.ts';
import { visitSchedule } from '../protocol/nct07273344/visits.ts';
import { computeSchedule, scheduleInput } from '../protocol/schedule.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

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
