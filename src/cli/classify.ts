import { InputError } from '../core/errors.ts';
import { parseClassifier, scorePatient } from '../immunotype/classifier.ts';
import { parseFlags, requireFlag } from './args.ts';
import { readModelFile, readStdinJson, writeJson } from './json-io.ts';

const classifyFlags = { model: { type: 'string' } } as const;

/** `septype classify --model <classifier.json>`: one patient on stdin, the immunotype on stdout. */
export async function classify(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, classifyFlags);
  const path = requireFlag(flags.model, '--model');
  // The model first: with a bad file there is nothing to apply the patient's values to.
  const rule = readModelFile(path, 'a septype classifier', parseClassifier);
  const values = await readStdinJson();
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new InputError('input', 'stdin must hold one patient\'s marker values as a JSON object {"<marker>": value}');
  writeJson(scorePatient(rule, values as Record<string, unknown>));
}
