import { InputError } from '../core/errors.ts';
import { assessEligibility } from '../clinical/eligibility.ts';
import { eligibilityCriteria } from '../protocol/nct07273344/eligibility.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

export async function eligibility(argv: string[]): Promise<void> {
  if (argv.length > 0) {
    throw new InputError(argv[0] ?? 'arguments', `unexpected argument "${argv[0]}": the input comes on stdin`);
  }
  writeJson(applyToOneOrMany(await readStdinJson(), (raw) => assessEligibility(raw, eligibilityCriteria)));
}
