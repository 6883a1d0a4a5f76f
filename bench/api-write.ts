/**
 * Benchmark: an authenticated, audited write (PATCH /api/me with a personal API token: one UPDATE
 * and one hash-chained audit row in a transaction) under 32 concurrent connections, on SQLite and on
 * PostgreSQL. The server runs as `bin/septype serve` in its own process; autocannon drives it over
 * 127.0.0.1. Afterwards the audit chain is verified and its growth compared with the writes that
 * succeeded, so the figures count only writes that were really audited.
 *
 *   npm run bench:api-write                       # SQLite, and PostgreSQL when BENCH_DATABASE_URL
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api-write
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:api-write   # that engine only ("sqlite")
 *   BENCH_SECONDS=20 npm run bench:api-write
 *   BENCH_SMOKE=1 npm run bench:api-write         # 4 connections for 1 s: does it still work?
 */
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { verifyAuditChain } from '../src/db/audit-verify.ts';
import { openDatabase } from '../src/db/connect.ts';
import { postgresEngine, sqliteEngine, type TestEngine } from '../test/support/engines.ts';
import { cliIsCurrent } from '../scripts/build-cli.ts';
import { benchEngine, machine, report, sized } from './support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? sized(15, 1));
/** JIT, pools, page cache; smoke mode needs none. */
const warmUpSeconds = sized(2, 0);
const connections = sized(32, 4);
/** The compiled server when it is current (it starts in a fraction of the time), else the sources via tsx. */
const serverEntry = cliIsCurrent()
  ? [new URL('../dist/cli/main.js', import.meta.url).pathname]
  : ['--import', new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href, 'src/cli/main.ts'];
/** Extra node flags for the server, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** The server seals identities with a data key, required with PostgreSQL: the tests' fixed one. */
const dataKey = Buffer.alloc(32, 7).toString('hex');

/**
 * The engine in BENCH_DB alone when it is set (bench/run-all.ts runs one engine per process); else SQLite in a
 * temporary file, and PostgreSQL in a new schema when BENCH_DATABASE_URL is set.
 */
function engines(): TestEngine[] {
  if (process.env.BENCH_DB !== undefined && process.env.BENCH_DB !== '') return [benchEngine()];
  const base = process.env.BENCH_DATABASE_URL;
  const list: TestEngine[] = process.env.BENCH_ENGINES === 'postgres' ? [] : [sqliteEngine];
  if (base !== undefined && base !== '') list.push(postgresEngine(base));
  return list;
}

/** `septype serve` on a free port; resolves once it serves, with its address and the administrator's password. */
function startServer(db: string): Promise<{ child: ChildProcess; base: string; password: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...serverEntry, 'serve', '--db', db, '--port', '0'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: {
        ...process.env,
        SEPTYPE_LOG_LEVEL: 'warn',
        SEPTYPE_LOGIN_RATE_PER_MINUTE: '1000',
        SEPTYPE_DATA_KEY: dataKey,
        SEPTYPE_DATA_KEY_FILE: '',
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const serving = /septype is serving (http:\/\/\S+) on/.exec(err)?.[1];
      if (serving !== undefined) {
        const password = /one-time password:\s+(\S+)/.exec(out)?.[1];
        if (password === undefined) reject(new Error(`no one-time password in ${out}`));
        else resolve({ child, base: serving.replace('localhost', '127.0.0.1'), password });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}${err}`)));
  });
}

/** Stops the server and waits until it has closed the database, before the database is dropped. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One API call of the set-up; a refusal stops the benchmark, naming the call and the answer. */
async function json(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ res: Response; data: unknown }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { res, data: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function signedIn(base: string, username: string, password: string) {
  const signIn = await json(base, 'POST', '/api/auth/sign-in', { username, password }, {});
  const session = signIn.res.headers.getSetCookie().find((c) => c.startsWith('septype_session='));
  const cookie = session?.split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': (signIn.data as { csrfToken: string }).csrfToken };
}

/** A personal API token for a user signing in for the first time (the password must be changed first). */
async function firstToken(base: string, username: string, oneTimePassword: string): Promise<string> {
  const headers = await signedIn(base, username, oneTimePassword);
  await json(
    base,
    'POST',
    '/api/auth/password',
    { currentPassword: oneTimePassword, newPassword: 'benchmark password 2026' },
    headers,
  );
  const token = await json(base, 'POST', '/api/me/tokens', { name: 'benchmark' }, headers);
  return (token.data as { token: string }).token;
}

/**
 * One user with an API token per connection, as 32 people (or scripts) working at once: each request
 * changes its own user's row, so what is measured is the shared part, the audit chain.
 */
async function apiTokens(base: string, adminPassword: string): Promise<string[]> {
  const admin = { authorization: `Bearer ${await firstToken(base, 'admin', adminPassword)}` };
  const tokens: string[] = [];
  for (let i = 0; i < connections; i += 1) {
    const username = `bench${i}`;
    const created = await json(
      base,
      'POST',
      '/api/users',
      { username, displayName: `Bench ${i}`, memberships: [{ siteId: null, role: 'monitor' }] },
      admin,
    );
    tokens.push(await firstToken(base, username, (created.data as { oneTimePassword: string }).oneTimePassword));
  }
  return tokens;
}

async function auditEntries(db: string): Promise<number> {
  const database = openDatabase(db, { poolSize: 1 });
  try {
    const verdict = await verifyAuditChain(database.kysely);
    if (!verdict.ok) throw new Error(`audit chain broken after the benchmark: ${verdict.broken.reason}`);
    return verdict.entries;
  } finally {
    await database.close();
  }
}

async function run(engine: string, db: string) {
  const { child, base, password } = await startServer(db);
  try {
    const tokens = await apiTokens(base, password);
    let next = 0;
    const request: autocannon.Options = {
      url: `${base}/api/me`,
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Benchmark user' }),
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
          }),
        },
      ],
    };
    if (warmUpSeconds > 0) {
      await autocannon({ ...request, connections, duration: warmUpSeconds });
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the warm-up's last requests finish
    }
    const before = await auditEntries(db);
    const result = await autocannon({ ...request, connections, duration: seconds });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await auditEntries(db);
    const ok = result['2xx'];
    return {
      engine,
      seconds,
      connections,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      ok,
      non2xx: result.non2xx,
      errors: result.errors,
      auditRowsAdded: after - before,
    };
  } finally {
    await stopServer(child);
  }
}

const rows = [];
for (const engine of engines()) {
  const fresh = await engine.fresh();
  try {
    rows.push(await run(engine.name, fresh.url));
  } finally {
    await fresh.drop();
  }
}
process.stdout.write(`machine: ${machine()}; server: ${serverEntry.length === 1 ? 'dist/cli' : 'src via tsx'}\n`);
console.table(rows);
for (const row of rows) {
  report({
    benchmark: 'api-write',
    engine: row.engine,
    figures: `${row.requestsPerSecond} audited writes/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms (${connections} connections, ${seconds} s)`,
  });
  // Requests still in flight when autocannon stops are audited but not counted as answered: up to one per connection.
  if (row.auditRowsAdded < row.ok || row.auditRowsAdded > row.ok + connections) {
    process.stdout.write(`${row.engine}: ${row.ok} writes succeeded but ${row.auditRowsAdded} audit rows were added\n`);
    process.exitCode = 1;
  }
  if (row.ok === 0 || row.non2xx > 0 || row.errors > 0) {
    process.stdout.write(`${row.engine}: ${row.ok} writes succeeded, ${row.non2xx} refused, ${row.errors} failed\n`);
    process.exitCode = 1;
  }
}
