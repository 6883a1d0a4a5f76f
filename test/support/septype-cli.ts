import { spawn } from 'node:child_process';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const bin = new URL('../../bin/septype', import.meta.url).pathname;

/**
 * Runs `bin/septype` as a person or a script would: its own process, optional stdin, the exit code.
 * SEPTYPE_DB is cleared so that a developer's setting cannot leak into a test.
 */
export function septype(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env: { ...process.env, SEPTYPE_DB: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
