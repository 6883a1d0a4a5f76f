import { InputError } from '../core/errors.ts';
import { scoreSofa2Days } from '../clinical/sofa/days.ts';
import { scoreSofa1Input } from '../clinical/sofa/sofa1.ts';
import { scoreSofa2Input } from '../clinical/sofa/sofa2.ts';
import { assessQsofa } from '../clinical/qsofa.ts';
import { assessSepsis3 } from '../clinical/sepsis3.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

export const scoreHelp = `septype score sofa2|sofa1 < window.json          one object or an array of 24-hour windows
septype score sofa2-days < observations.json    {icuAdmission, observations:[{time, ...}], infusions, rrt, support}
septype score sepsis3 < patient.json            {infection, sofa2Total, baselineSofa2, vasopressorsForMap65, lactateMmolL, adequateFluids}
septype score qsofa < vitals.json               {respiratoryRate, gcs, systolicBp}
  JSON in on stdin, JSON out on stdout; invalid input: exit 2 and a JSON error on stderr naming the field.
  The fields and rules: docs/clinical-rules.md.`;

const rules: Record<string, (raw: unknown) => unknown> = {
  sofa2: scoreSofa2Input,
  sofa1: scoreSofa1Input,
  'sofa2-days': scoreSofa2Days,
  sepsis3: assessSepsis3,
  qsofa: assessQsofa,
};

export async function score(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const rule = name === undefined ? undefined : rules[name];
  if (rule === undefined) {
    throw new InputError('score', `unknown score "${name ?? ''}": use ${Object.keys(rules).join(', ')}`);
  }
  const extra = rest[0];
  if (extra !== undefined) throw new InputError(extra, `unexpected argument "${extra}": the input comes on stdin`);
  writeJson(applyToOneOrMany(await readStdinJson(), rule));
}
