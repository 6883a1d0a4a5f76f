import { InputError } from '../core/errors.ts';
import { classifyRuleInput } from '../immunotype/rules.ts';
import { defaultRuleSetName, ruleSets, type ImmunotypeRuleSet } from '../protocol/immunotype-rules.ts';
import { parseFlags } from './args.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

const subcommands = ['rules'];

/**
 * `septype immunotype rules`: one sample's values (or an array of them) as JSON on stdin, the classification
 * on stdout (src/immunotype/rules.ts). Unclassifiable is a result (exit 0); only malformed input is exit 2.
 */
export async function immunotype(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || !subcommands.includes(name)) {
    throw new InputError('subcommand', `unknown immunotype subcommand "${name ?? ''}": use ${subcommands.join(', ')}`);
  }
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
