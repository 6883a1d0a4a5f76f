import { InputError } from '../core/errors.ts';
import { applyToOneOrMany, readStdinJson, writeJson } from './json-io.ts';

type Rule = (raw: unknown) => unknown;

/** Each rule loads only when asked for: a script scoring qSOFA per patient need not load SOFA or Luxon. */
const rules: Record<string, () => Promise<Rule>> = {
  sofa2: () => import('../clinical/sofa/sofa2.ts').then((m) => m.scoreSofa2Input),
  sofa1: () => import('../clinical/sofa/sofa1.ts').then((m) => m.scoreSofa1Input),
  'sofa2-days': () => import('../clinical/sofa/days.ts').then((m) => m.scoreSofa2Days),
  sepsis3: () => import('../clinical/sepsis3.ts').then((m) => m.assessSepsis3),
  qsofa: () => import('../clinical/qsofa.ts').then((m) => m.assessQsofa),
  eq5d5l: () => import('../clinical/eq5d5l.ts').then((m) => m.scoreEq5d5lInput),
};

export async function score(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name !== undefined && Object.hasOwn(rules, name) ? rules[name] : undefined;
  if (load === undefined) {
    throw new InputError('score', `unknown score "${name ?? ''}": use ${Object.keys(rules).join(', ')}`);
  }
  const extra = rest[0];
  if (extra !== undefined) throw new InputError(extra, `unexpected argument "${extra}": the input comes on stdin`);
  const [rule, input] = await Promise.all([load(), readStdinJson()]);
  writeJson(applyToOneOrMany(input, rule));
}
