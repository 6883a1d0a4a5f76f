import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  adminPassword: string;
  /** Everything the server wrote, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export function requireBuiltWebApp(): void {
  const index = join(repoRoot, 'web/dist/index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: run "npm run build:web" before "npm run test:e2e"`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts `bin/septype serve` on a fresh SQLite database and a free port; reads the first administrator's password. */
export async function startServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'septype-e2e-'));
  const port = await freePort();
  const child = spawn(join(repoRoot, 'bin/septype'), ['serve', '--db', join(dir, 'e2e.db'), '--port', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, SEPTYPE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await waitForExit(child, 10_000);
    rmSync(dir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  try {
    while (true) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the server did not answer /api/health within 90 s');
      const healthy = await fetch(`${baseUrl}/api/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy && /one-time password:/.test(stdout)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
  }

  const user = /^\s*user name:\s+(\S+)\s*$/m.exec(stdout)?.[1];
  const password = /^\s*one-time password:\s+(\S+)\s*$/m.exec(stdout)?.[1];
  if (user !== 'admin' || password === undefined) {
    await stop();
    throw new Error(`the server did not print the administrator's one-time password\n${output()}`);
  }
  return { baseUrl, adminPassword: password, output, stop };
}
