/**
 * Benchmark: an authenticated, audited write (PATCH /api/me with a personal API token: one UPDATE
 * and one hash-chained audit row in a transaction) under 32 concurrent connections, on SQLite and on
 * PostgreSQL. The server runs as `bin/septype serve` in its own process; autocannon drives it over
 * 127.0.0.1. Afterwards the audit chain is verified and its growth compared with the writes that
 * succeeded, so the figures count only writes that were really audited.
 *
 *   npm run bench:api-write                       # SQLite, and PostgreSQL when BENCH_DATABASE_URL
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api-write
 *   BENCH_SECONDS=20 npm run bench:api-write
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { verifyAuditChain } from '../src/db/audit-verify.ts';
import { openDatabase } from '../src/db/connect.ts';
import { postgresEngine, sqliteEngine, type TestEngine } from '../test/support/engines.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = 32;
const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
const tsx = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
/** Extra node flags for the server, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** SQLite in a temporary file; PostgreSQL in a new schema when BENCH_DATABASE_URL is set. */
function engines(): TestEngine[] {
  const base = process.env.BENCH_DATABASE_URL;
  const list: TestEngine[] = process.env.BENCH_ENGINES === 'postgres' ? [] : [sqliteEngine];
  if (base !== undefined && base !== '') list.push(postgresEngine(base));
  return list;
}

function startServer(db: string, port: number): Promise<{ child: ChildProcess; password: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, '--import', tsx, main, 'serve', '--db', db, '--port', String(port)],
      {
        env: { ...process.env, SEPTYPE_LOG_LEVEL: 'warn', SEPTYPE_LOGIN_RATE_PER_MINUTE: '1000' },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('septype is serving')) {
        const password = /one-time password:\s+(\S+)/.exec(out)?.[1];
        if (password === undefined) reject(new Error(`no one-time password in ${out}`));
        else resolve({ child, password });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

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
  return { res, data: await res.json() };
}

async function signedIn(base: string, username: string, password: string) {
  const signIn = await json(base, 'POST', '/api/auth/sign-in', { username, password }, {});
  if (!signIn.res.ok) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(signIn.data)}`);
  const cookie = (signIn.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
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

async function run(engine: string, db: string, port: number) {
  const { child, password } = await startServer(db, port);
  try {
    const base = `http://127.0.0.1:${port}`;
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
    await autocannon({ ...request, connections, duration: 2 }); // warm-up: JIT, pools, page cache
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the warm-up's last requests finish
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
    child.kill('SIGTERM');
  }
}

const rows = [];
let port = 18400;
for (const engine of engines()) {
  const fresh = await engine.fresh();
  try {
    rows.push(await run(engine.name, fresh.url, port++));
  } finally {
    await fresh.drop();
  }
}
process.stdout.write(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}\n`,
);
console.table(rows);
// Requests still in flight when autocannon stops are audited but not counted as answered: up to one per connection.
for (const row of rows) {
  if (row.auditRowsAdded < row.ok || row.auditRowsAdded > row.ok + connections) {
    process.stdout.write(`${row.engine}: ${row.ok} writes succeeded but ${row.auditRowsAdded} audit rows were added\n`);
    process.exitCode = 1;
  }
}
