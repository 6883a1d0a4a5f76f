import { ClinicalInputError } from '../clinical/input-error.ts';

/**
 * For commands that speak JSON (score, eligibility): the error goes to stderr as JSON too, so that a
 * calling script can read the field. main.ts prints `body` and exits with `exitCode`.
 */
export class JsonCliError extends Error {
  constructor(
    readonly body: { error: { code: string; message: string; field: string; index?: number } },
    readonly exitCode: number,
  ) {
    super(body.error.message);
  }
}

export async function readStdinJson(): Promise<unknown> {
  if (process.stdin.isTTY) throw inputError(new ClinicalInputError('stdin', 'pipe the JSON input on stdin'));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw inputError(new ClinicalInputError('stdin', `stdin is not valid JSON: ${(error as Error).message}`));
  }
}

export function inputError(error: ClinicalInputError, index?: number): JsonCliError {
  const prefix = index === undefined ? '' : `[${index}] `;
  return new JsonCliError(
    {
      error: {
        code: 'invalid_input',
        message: prefix + error.message,
        field: error.field,
        ...(index === undefined ? {} : { index }),
      },
    },
    2,
  );
}

/**
 * Applies `rule` to one object, or to each element of an array (same order). Every element is
 * checked before anything is written: one invalid element rejects the whole call.
 */
export function applyToOneOrMany<T>(input: unknown, rule: (raw: unknown) => T): T | T[] {
  const run = (raw: unknown, index?: number): T => {
    try {
      return rule(raw);
    } catch (error) {
      if (error instanceof ClinicalInputError) throw inputError(error, index);
      throw error;
    }
  };
  return Array.isArray(input) ? input.map((raw, index) => run(raw, index)) : run(input);
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
