import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { printJson } from './output.ts';

/** For commands that speak JSON (score, eligibility, schedule, stats): input on stdin, results on stdout. */

export async function readStdinJson(): Promise<unknown> {
  if (process.stdin.isTTY) throw new InputError('stdin', 'pipe the JSON input on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError('stdin', `stdin is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Applies `rule` to one object, or to each element of an array (same order). Every element is
 * checked before anything is written: one invalid element rejects the whole call, naming its index.
 */
export function applyToOneOrMany<T>(input: unknown, rule: (raw: unknown) => T): T | T[] {
  if (!Array.isArray(input)) return rule(input);
  return input.map((raw, index) => {
    try {
      return rule(raw);
    } catch (error) {
      throw error instanceof InputError ? error.at(index) : error;
    }
  });
}

export function writeJson(value: unknown): void {
  printJson(value);
}

/**
 * A model file named by --model, read and checked by `parse`: every problem of the file is the flag's (field
 * --model), the message saying what is wrong with it — unreadable, not JSON, or not `what`.
 */
export function readModelFile<T>(path: string, what: string, parse: (raw: unknown) => T): T {
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
    return parse(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError('--model', `"${path}" is not ${what}: ${error.message}`);
  }
}
