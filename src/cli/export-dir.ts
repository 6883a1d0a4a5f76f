import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../core/errors.ts';

/**
 * An export's output directory, all or nothing: refused when it exists and is not an empty directory, the files
 * written into a hidden directory beside it, renamed into place at the end; on failure the partial one is removed.
 */
export function checkOutputDirectory(out: string): string {
  const target = resolve(out);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new InputError('--out', `${out} exists and is not a directory`);
    if (readdirSync(target).length > 0) throw new InputError('--out', `${out} exists and is not empty`);
  }
  if (!existsSync(dirname(target))) throw new InputError('--out', `the directory ${dirname(target)} does not exist`);
  return target;
}

export async function writeDirectory<T>(target: string, work: (dir: string) => Promise<T>): Promise<T> {
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  mkdirSync(partial, { mode: 0o700 });
  try {
    const result = await work(partial);
    if (existsSync(target)) rmdirSync(target);
    renameSync(partial, target);
    return result;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
