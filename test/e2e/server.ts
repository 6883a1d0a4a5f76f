import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/server-process.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  /** The first administrator's one-time password; '' when the database existed already (a restart) or is a demo. */
  adminPassword: string;
  /** A new demo's accounts (user name → password) as the server printed them; empty otherwise. */
  demoPasswords: Map<string, string>;
  /** The folder of the database (and its data key), kept across `restart`. */
  dataDir: string;
  /** Everything the server wrote, for failure messages. */
  output: () => string;
  /** Stops the server and removes its database. */
  stop: () => Promise<void>;
  /**
   * Stops the server and starts it again on the same database and port, e.g. with a later clock
   * (sessions survive in the database, but sign in again: a clock jump may have expired them).
   */
  restart: (options?: { clockStart?: string }) => Promise<RunningServer>;
}

export interface ServerOptions {
  /** SEPTYPE_CLOCK_START: the server's clock starts at this ISO instant and runs on. */
  clockStart?: string;
  /** An existing database folder (a restart); default: a new temporary one. */
  dataDir?: string;
  /** Default: a free port. */
  port?: number;
  /** `serve --demo`: a new database is filled with the demo study before the server serves it (as `npm start`). */
  demo?: boolean;
}

export function requireBuiltWebApp(): void {
  const index = join(repoRoot, 'web/dist/index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: run "npm run build:web" before "npm run test:e2e"`);
  }
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

/**
 * Starts `bin/septype serve` on a SQLite database and a free port. On a new database it reads the first
 * administrator's one-time password from the output; on an existing one (a restart) there is none.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'septype-e2e-'));
  const dbPath = join(dir, 'e2e.db');
  const fresh = !existsSync(dbPath);
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, SEPTYPE_LOG_LEVEL: 'warn' };
  delete env.SEPTYPE_CLOCK_START;
  if (options.clockStart !== undefined) env.SEPTYPE_CLOCK_START = options.clockStart;
  const args = ['serve', ...(options.demo === true ? ['--demo'] : []), '--db', dbPath, '--port', String(port)];
  const child = spawn(join(repoRoot, 'bin/septype'), args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  const halt = async () => {
    child.kill('SIGTERM');
    await waitForExit(child, 10_000);
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  const restart = async (next: { clockStart?: string } = {}) => {
    await halt();
    return startServer({ ...next, dataDir: dir, port, ...(options.demo === true ? { demo: true } : {}) });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  // A new demo is generated before the server answers.
  const deadline = Date.now() + (options.demo === true && fresh ? 180_000 : 90_000);
  try {
    while (true) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the server did not answer /api/health in time');
      const healthy = await fetch(`${baseUrl}/api/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy && (!fresh || options.demo === true || /one-time password:/.test(stdout))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
  }
  const running = {
    baseUrl,
    adminPassword: '',
    demoPasswords: new Map<string, string>(),
    dataDir: dir,
    output,
    stop,
    restart,
  };
  if (!fresh) return running;
  if (options.demo === true) {
    // The table the demo prints: a header "username role site password", then one account a line.
    const rows = stdout.split('\n').map((row) => row.trim().split(/\s+/));
    const header = rows.findIndex((r) => r.join(' ') === 'username role site password');
    for (const row of header < 0 ? [] : rows.slice(header + 1)) {
      if (row.length !== 4) break;
      running.demoPasswords.set(row[0]!, row[3]!);
    }
    if (running.demoPasswords.size === 0) {
      await stop();
      throw new Error(`the server did not print the demo accounts\n${output()}`);
    }
    return running;
  }

  const user = /^\s*user name:\s+(\S+)\s*$/m.exec(stdout)?.[1];
  const password = /^\s*one-time password:\s+(\S+)\s*$/m.exec(stdout)?.[1];
  if (user !== 'admin' || password === undefined) {
    await stop();
    throw new Error(`the server did not print the administrator's one-time password\n${output()}`);
  }
  return { ...running, adminPassword: password };
}
