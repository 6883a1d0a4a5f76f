import { InputError } from '../core/errors.ts';
import { assignPatient, parseImmunotypeModel } from '../immunotype/model-file.ts';
import { classifyRuleInput } from '../immunotype/rules.ts';
import { defaultRuleSetName, ruleSets, type ImmunotypeRuleSet } from '../protocol/immunotype-rules.ts';
import { parseFlags, requireFlag } from './args.ts';
import { applyToOneOrMany, readModelFile, readStdinJson, writeJson } from './json-io.ts';

const subcommands = ['rules', 'assign'];

/**
 * `septype immunotype rules`: one sample's values (or an array of them) as JSON on stdin, the classification
 * on stdout (src/immunotype/rules.ts). Unclassifiable is a result (exit 0); only malformed input is exit 2.
 * `septype immunotype assign --model <model.json>`: one patient's marker values (or an array of them) on stdin,
 * the immunotype of a saved discovery model on stdout (src/immunotype/model-file.ts).
 */
export async function immunotype(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || !subcommands.includes(name)) {
    throw new InputError('subcommand', `unknown immunotype subcommand "${name ?? ''}": use ${subcommands.join(', ')}`);
  }
  if (name === 'assign') return assign(rest);
  const flags = parseFlags(rest, { 'rule-set': { type: 'string' } });
  // Checked before stdin is read: a wrong flag is reported even when the input is wrong as well.
  const ruleSet = ruleSetNamed(flags['rule-set'] ?? defaultRuleSetName);
  writeJson(applyToOneOrMany(await readStdinJson(), (raw) => classifyRuleInput(raw, ruleSet)));
}

function ruleSetNamed(name: string): ImmunotypeRuleSet {
  // hasOwn: "constructor" or "toString" are not rule sets.
  const found = Object.hasOwn(ruleSets, name) ? ruleSets[name] : undefined;
  if (found === undefined) {
    const known = Object.keys(ruleSets).join(', ');
    throw new InputError('--rule-set', `unknown rule set "${name}": use ${known}`);
  }
  return found;
}

async function assign(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { model: { type: 'string' } });
  // The model first: with a bad file there is nothing to assign the patient's values to.
  const model = readModelFile(requireFlag(flags.model, '--model'), 'a septype immunotype model', parseImmunotypeModel);
  // assignPatient checks that each element is an object (field `input`, with its index in an array).
  writeJson(applyToOneOrMany(await readStdinJson(), (raw) => assignPatient(model, raw as Record<string, unknown>)));
}
