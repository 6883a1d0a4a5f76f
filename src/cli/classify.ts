import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { parseClassifier, scorePatient, type ClassifierRule } from '../immunotype/classifier.ts';
import { parseFlags, requireFlag } from './args.ts';
import { readStdinJson, writeJson } from './json-io.ts';

const classifyFlags = { model: { type: 'string' } } as const;

/** `septype classify --model <classifier.json>`: one patient on stdin, the immunotype on stdout. */
export async function classify(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, classifyFlags);
  const path = requireFlag(flags.model, '--model');
  // The model first: with a bad file there is nothing to apply the patient's values to.
  const rule = readModel(path);
  const values = await readStdinJson();
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new InputError('input', 'stdin must hold one patient\'s marker values as a JSON object {"<marker>": value}');
  writeJson(scorePatient(rule, values as Record<string, unknown>));
}

/** Every problem of the file is the flag's: field --model, the message saying what is wrong with it. */
function readModel(path: string): ClassifierRule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError('--model', `cannot read the model file "${path}" (${reason})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError('--model', `the model file "${path}" is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseClassifier(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError('--model', `"${path}" is not a septype classifier: ${error.message}`);
  }
}
