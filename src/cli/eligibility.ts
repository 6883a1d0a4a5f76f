import { InputError } from '../core/errors.ts';
import { assessEligibility } from '../clinical/eligibility.ts';
import { eligibilityCriteria } from '../protocol/nct07273344/eligibility.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

export const eligibilityHelp = `septype eligibility < patient.json
  Study eligibility of NCT07273344 from one JSON object (or an array) on stdin: age, infection,
  admission type, SOFA-2 and baseline, exclusions, weight and corticosteroids. Prints
  {eligible, inclusionFailed, exclusionsMet, notes}; a missing value gives eligible: false and a note
  naming it. Invalid input: exit 2 and a JSON error on stderr naming the field.`;

export async function eligibility(argv: string[]): Promise<void> {
  if (argv.length > 0) {
    throw new InputError(argv[0] ?? 'arguments', `unexpected argument "${argv[0]}": the input comes on stdin`);
  }
  writeJson(applyToOneOrMany(await readStdinJson(), (raw) => assessEligibility(raw, eligibilityCriteria)));
}
