import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * `bin/septype serve` as its own process, as an operator runs it: for tests that must do what an
 * in-process app cannot (kill it, restart it on the same database). Loopback only. Every process started
 * here is remembered until it has exited, so that a failing test can still end them all (`killServers`),
 * and a test run that dies anyway takes them along (the `exit` hook below).
 */

const bin = fileURLToPath(new URL('../../bin/septype', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  port: number;
  pid: number;
  /** What the server wrote so far, for failure messages. */
  output(): string;
  /** False once the process has exited, for whatever reason. */
  running(): boolean;
  /** Sends the signal and resolves once the process has exited (SIGKILL after 10 s if it has not). */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export interface ServerProcessOptions {
  /** A SQLite file path or a postgres:// URL (with `options=-c search_path=...` for a test schema). */
  db: string;
  /** Added to the environment; SEPTYPE_DB and SEPTYPE_CLOCK_START are cleared first, as for the CLI tests. */
  env?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** How long to wait for /api/health (the sources through tsx on a busy machine take seconds). */
  readyWithinMs?: number;
}

const live = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Ends every server process still running (SIGKILL): for `afterEach`/`afterAll`, so nothing outlives a test. */
export async function killServers(): Promise<void> {
  await Promise.all([...live].map((child) => stopChild(child, 'SIGKILL')));
}

export function freePort(): Promise<number> {
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

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function healthy(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(`${baseUrl}/api/health`, { agent: false, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** Starts `septype serve --db ... --host 127.0.0.1 --port ...` and resolves once /api/health answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SEPTYPE_DB: '',
    SEPTYPE_CLOCK_START: '',
    SEPTYPE_LOG_LEVEL: 'warn',
    ...options.env,
  };
  const child = spawn(bin, ['serve', '--db', options.db, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => `--- server stdout ---\n${stdout}\n--- server stderr ---\n${stderr}`;
  const baseUrl = `http://127.0.0.1:${port}`;

  const running = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + (options.readyWithinMs ?? 60_000);
  // Running as well as healthy: another process that took the port in the meantime would answer too.
  while (!((await healthy(baseUrl)) && running())) {
    const exited = !running();
    if (exited || Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      const why = exited ? `exited (${child.exitCode ?? child.signalCode})` : 'did not answer /api/health in time';
      throw new Error(`septype serve --db ${options.db} ${why}\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.pid === undefined) throw new Error('the server process has no pid');
  return { baseUrl, port, pid: child.pid, output, running, stop: (signal) => stopChild(child, signal) };
}
