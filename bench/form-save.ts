/**
 * Benchmark: saving a case report form (issue 11 targets). 32 connections, each a site coordinator with an API
 * token and participants of their own, save the SOFA-2 form of an ICU day (`PUT /api/participants/:id/forms/
 * sofa2_day/day-<n>`: 28 entered items and 9 calculated ones, the 8 outputs of the sofa2 calculator and the
 * PaO2/FiO2 ratio; a soft check; audited as the caller's and the system's) against `septype serve` in its own process, over 127.0.0.1. Every
 * request is a real change at the version its connection last got back, in two phases:
 *
 *   first saves   each connection fills ICU days its participants have not had yet (version 0: a new record,
 *                 37 item rows and two audit rows: form.started, form.calculated);
 *   corrections   each connection re-saves its own records with three values changed (gcs, map_mmhg, platelets:
 *                 now and then an organ score and the total too) at the version the previous save returned.
 *
 * Afterwards the audit chain is verified and its growth, the form records and the item rows compared with the
 * saves that succeeded (a save whose answer was cut off at the end of a phase is looked up, so the match is exact).
 *
 * In the same run, the ceiling: bench/bare-transaction-server.ts (Fastify + Kysely, `BEGIN; INSERT; SELECT;
 * COMMIT`, no authentication, no audit) on the same database, driven the same way, before and after the saves;
 * the PostgreSQL target is a share of it. And the record status dashboard: one site with 400 participants, each
 * with baseline, labs at D0, D3 and DIS, follow-up at M3 and M12 and three ICU days (filled in-process through the
 * service layer, as bench/worklist.ts does), `GET /api/sites/:siteId/form-status` timed after a warm-up.
 *
 *   npm run bench:form-save                        # SQLite, and PostgreSQL when BENCH_DATABASE_URL
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:form-save   # that engine only ("sqlite")
 *   BENCH_SECONDS=20 BENCH_PARTICIPANTS=400 BENCH_RUNS=30 npm run bench:form-save
 *   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:form-save   # profile the server
 *   BENCH_SMOKE=1 npm run bench:form-save          # 4 connections for 1 s, 8 participants: does it still work?
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { Kysely } from 'kysely';
import { systemClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { verifyAuditChain } from '../src/db/audit-verify.ts';
import { openDatabase, toCount } from '../src/db/connect.ts';
import type { AllTables } from '../src/db/tables.ts';
import type { FormSave } from '../src/features/crf/contract.ts';
import { statusMatrix } from '../src/features/crf/reports.ts';
import { saveForm } from '../src/features/crf/save.ts';
import { enroll } from '../src/features/enrollment/service.ts';
import { createScreening } from '../src/features/screening/service.ts';
import { createSite } from '../src/features/sites/service.ts';
import type { AppContext, CallContext } from '../src/kernel/context.ts';
import { study } from '../src/protocol/nct07273344/protocol.ts';
import { cliIsCurrent } from '../scripts/build-cli.ts';
import { postgresEngine, sqliteEngine, type TestEngine } from '../test/support/engines.ts';
import { entries } from '../test/support/form-fixtures.ts';
import { deferredConsent, screeningBody } from '../test/support/study-fixtures.ts';
import { benchEngine, machine, quantile, report, sized, smoke } from './support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? sized(15, 1));
/** JIT, pools, page cache; smoke mode needs none. */
const warmUpSeconds = sized(3, 0);
const connections = sized(32, 4);
/** Participants per connection: 365 ICU days each, more than a connection saves in a phase. */
const participantsPerConnection = sized(3, 1);
const matrixParticipants = Number(process.env.BENCH_PARTICIPANTS ?? sized(400, 8));
const matrixRuns = Number(process.env.BENCH_RUNS ?? sized(30, 2));
const root = new URL('..', import.meta.url).pathname;
const tsxLoader = ['--import', new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href];
/** The compiled server when it is current (it starts in a fraction of the time), else the sources via tsx. */
const serverEntry = cliIsCurrent()
  ? [new URL('../dist/cli/main.js', import.meta.url).pathname]
  : [...tsxLoader, 'src/cli/main.ts'];
/** Extra node flags for the septype server, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** The server seals identities with a data key, required with PostgreSQL: the tests' fixed one. */
const dataKey = Buffer.alloc(32, 7);
const targets = {
  sqlite: { savesPerSecond: 1000, p99Ms: 50 },
  postgres: { shareOfCeiling: 0.5, p99Ms: 100 },
  matrixMs: 100,
};

/**
 * The engine in BENCH_DB alone when it is set (bench/run-all.ts runs one engine per process); else SQLite in a
 * temporary file, and PostgreSQL in a new schema when BENCH_DATABASE_URL is set.
 */
function engines(): TestEngine[] {
  if (process.env.BENCH_DB !== undefined && process.env.BENCH_DB !== '') return [benchEngine()];
  const base = process.env.BENCH_DATABASE_URL;
  return base !== undefined && base !== '' ? [sqliteEngine, postgresEngine(base)] : [sqliteEngine];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg()[0]!.toFixed(2);

/** A node process that prints `pattern` once it serves; resolves with the process and the pattern's match. */
function startProcess(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) {
  return new Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match !== null) resolve({ child, match, output: () => output });
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}: ${output}`)));
  });
}

/** Stops a server and waits until it has closed the database, before the database is dropped. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `septype serve` on a free port, with its address and the administrator's one-time password. */
async function startServer(db: string) {
  const { child, match, output } = await startProcess(
    [...nodeFlags, ...serverEntry, 'serve', '--db', db, '--port', '0'],
    {
      SEPTYPE_LOG_LEVEL: 'warn',
      SEPTYPE_LOGIN_RATE_PER_MINUTE: '1000',
      SEPTYPE_DATA_KEY: dataKey.toString('hex'),
      SEPTYPE_DATA_KEY_FILE: '',
    },
    /septype is serving (http:\/\/\S+) on/,
  );
  const password = /one-time password:\s+(\S+)/.exec(output())?.[1];
  if (password === undefined) throw new Error(`no one-time password in ${output()}`);
  return { child, base: match[1]!.replace('localhost', '127.0.0.1'), password };
}

/** One API call of the set-up; a refusal stops the benchmark, naming the call and the answer. */
async function json<T = unknown>(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ res: Response; data: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { res, data: (text === '' ? null : JSON.parse(text)) as T };
}

/** A personal API token for a user signing in for the first time (the password must be changed first). */
async function firstToken(base: string, username: string, oneTimePassword: string): Promise<string> {
  const signIn = await json<{ csrfToken: string }>(
    base,
    'POST',
    '/api/auth/sign-in',
    { username, password: oneTimePassword },
    {},
  );
  const session = signIn.res.headers.getSetCookie().find((c) => c.startsWith('septype_session='));
  const headers = { cookie: session?.split(';')[0] ?? '', 'x-csrf-token': signIn.data.csrfToken };
  const newPassword = 'benchmark password 2026';
  await json(base, 'POST', '/api/auth/password', { currentPassword: oneTimePassword, newPassword }, headers);
  return (await json<{ token: string }>(base, 'POST', '/api/me/tokens', { name: 'benchmark' }, headers)).data.token;
}

async function userWithToken(base: string, admin: Record<string, string>, username: string, membership: object) {
  const created = await json<{ oneTimePassword: string }>(
    base,
    'POST',
    '/api/users',
    { username, displayName: username, memberships: [membership] },
    admin,
  );
  return { authorization: `Bearer ${await firstToken(base, username, created.data.oneTimePassword)}` };
}

// ---------------------------------------------------------------------------------------------------------------
// The connections' work: each owns participants and their ICU days, and knows each record's current version.

type Kind = 'first' | 'correction';
/** The values a save changes; the rest are those of test/support/form-fixtures.ts. */
interface Varied {
  gcs: number;
  map_mmhg: number;
  platelets: number;
}
interface Slot {
  participantId: number;
  day: number;
  version: number;
  values: Varied;
}
interface Sent {
  slot: Slot;
  kind: Kind;
  values: Varied;
  /** The version sent; a successful save makes it this + 1. */
  expected: number;
}

const firstDay = Date.UTC(2026, 2, 1);
const sofaPath = (participantId: number, day: number) =>
  `/api/participants/${participantId}/forms/sofa2_day/day-${day}`;
const sofaItems = (day: number, values: Varied, changes: Record<string, unknown> = {}) =>
  entries({
    icu_day: day,
    day_date: new Date(firstDay + (day - 1) * 86_400_000).toISOString().slice(0, 10),
    ...values,
    ...changes,
  });
/** Each correction moves every varied value one step, so each is a real change of three entered items. */
const corrected = (v: Varied): Varied => ({
  gcs: v.gcs >= 15 ? 9 : v.gcs + 1,
  map_mmhg: v.map_mmhg >= 80 ? 60 : v.map_mmhg + 1,
  platelets: v.platelets >= 400 ? 60 : v.platelets + 1,
});

class Connection {
  /** ICU days not saved yet, in order. */
  private readonly fresh: { participantId: number; day: number }[] = [];
  /** Records saved, each at its current version. */
  readonly saved: Slot[] = [];
  private nextCorrection = 0;
  /** The save whose answer is awaited (one at a time: no pipelining). */
  inflight: Sent | undefined;
  /** Saves whose answer never came (the phase ended, or a reconnect): looked up after the phase. */
  unanswered: Sent[] = [];
  readonly answered: Record<Kind, number> = { first: 0, correction: 0 };
  failed = 0;
  readonly failures: string[] = [];

  constructor(
    readonly headers: Record<string, string>,
    participantIds: readonly number[],
  ) {
    for (let day = 1; day <= 365; day++)
      for (const participantId of participantIds) this.fresh.push({ participantId, day });
  }

  /** The next save: a new ICU day in the first phase (a correction once there is none left), else a correction. */
  next(mode: Kind, request: autocannon.Request): autocannon.Request {
    if (this.inflight !== undefined) this.unanswered.push(this.inflight);
    const sent = (mode === 'first' && this.fresh.length > 0) || this.saved.length === 0 ? this.first() : this.correct();
    this.inflight = sent;
    const body: FormSave = {
      version: sent.expected,
      items: sofaItems(sent.slot.day, sent.values) as FormSave['items'],
    };
    return {
      ...request,
      method: 'PUT',
      path: sofaPath(sent.slot.participantId, sent.slot.day),
      headers: { ...request.headers, ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }

  private first(): Sent {
    const { participantId, day } = this.fresh.shift()!;
    const values = { gcs: 13, map_mmhg: 64, platelets: 80 + (day % 50) };
    return { slot: { participantId, day, version: 0, values }, kind: 'first', values, expected: 0 };
  }

  private correct(): Sent {
    const slot = this.saved[this.nextCorrection++ % this.saved.length]!;
    return { slot, kind: 'correction', values: corrected(slot.values), expected: slot.version };
  }

  answer(status: number, body: string): void {
    const sent = this.inflight;
    this.inflight = undefined;
    if (sent === undefined) return;
    const version = status === 200 ? (JSON.parse(body) as { version: number }).version : undefined;
    if (version === sent.expected + 1) {
      this.applied(sent, version);
      this.answered[sent.kind] += 1;
      return;
    }
    this.failed += 1;
    if (this.failures.length < 3) this.failures.push(`${sent.kind} ${status}: ${body.slice(0, 300)}`);
    // Its record is out of step now: no more corrections of it.
    const index = this.saved.indexOf(sent.slot);
    if (index >= 0) this.saved.splice(index, 1);
  }

  applied(sent: Sent, version: number): void {
    sent.slot.version = version;
    sent.slot.values = sent.values;
    if (sent.kind === 'first') this.saved.push(sent.slot);
  }
}

/** Drives the server with one connection per Connection for `duration` seconds. */
function drive(base: string, pool: readonly Connection[], mode: Kind, duration: number) {
  let assigned = 0;
  return autocannon({
    url: base,
    connections: pool.length,
    duration,
    setupClient: (client) => {
      const connection = pool[assigned++ % pool.length]!;
      client.setRequests([
        {
          setupRequest: (request) => connection.next(mode, request),
          onResponse: (status, body) => connection.answer(status, body),
        },
      ]);
    },
  });
}

/**
 * After a phase: the saves whose answers were cut off are looked up (each connection's own record), so that the
 * saves counted are exactly those committed. Returns how many of each kind committed unanswered.
 */
async function settle(base: string, pool: readonly Connection[]): Promise<Record<Kind, number>> {
  await sleep(500);
  const committed: Record<Kind, number> = { first: 0, correction: 0 };
  for (const connection of pool) {
    const open = [...connection.unanswered, ...(connection.inflight === undefined ? [] : [connection.inflight])];
    connection.unanswered = [];
    connection.inflight = undefined;
    for (const sent of open) {
      const path = sofaPath(sent.slot.participantId, sent.slot.day);
      const { version } = (await json<{ version: number }>(base, 'GET', path, undefined, connection.headers)).data;
      if (version === sent.expected + 1) {
        connection.applied(sent, version);
        committed[sent.kind] += 1;
      } else if (version !== sent.expected) {
        throw new Error(`${path} is at version ${version}, but the benchmark sent version ${sent.expected}`);
      }
    }
  }
  return committed;
}

/** What the database holds: form records, item rows and audit entries by action, with the chain verified. */
async function tally(db: string) {
  const database = openDatabase(db, { poolSize: 1 });
  try {
    const verdict = await verifyAuditChain(database.kysely);
    if (!verdict.ok) throw new Error(`audit chain broken after the benchmark: ${verdict.broken.reason}`);
    // Every table, study tables included (the application's handle names only the global ones).
    const all = database.kysely as unknown as Kysely<AllTables>;
    const records = await all
      .selectFrom('form_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const items = await all
      .selectFrom('item_data')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const actions = await database.kysely
      .selectFrom('audit_log')
      .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('action')
      .execute();
    const audit = (action: string) => toCount(actions.find((a) => a.action === action)?.n);
    return {
      entries: verdict.entries,
      records: toCount(records.n),
      items: toCount(items.n),
      started: audit('form.started'),
      saved: audit('form.saved'),
      calculated: audit('form.calculated'),
    };
  } finally {
    await database.close();
  }
}

interface SaveRow {
  engine: string;
  phase: string;
  savesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  saves: number;
  non2xx: number;
  errors: number;
  auditAdded: number;
  itemsPerRecord: number | null;
  load: string;
  /** The bare transaction's requests/s (mean of the runs before and after the saves), and this phase's share. */
  ceiling?: number;
  ofCeiling?: string;
  target?: 'met' | 'NOT met';
}

/** One measured phase: drive, settle, and check every committed save against the database. */
async function phase(engine: string, db: string, base: string, pool: readonly Connection[], mode: Kind) {
  const before = await tally(db);
  const answeredBefore = pool.map((c) => ({ ...c.answered }));
  const failedBefore = pool.reduce((n, c) => n + c.failed, 0);
  const loadBefore = load();
  const result = await drive(base, pool, mode, seconds);
  const loadAfter = load();
  const unanswered = await settle(base, pool);
  const after = await tally(db);
  const answered = (kind: Kind) => pool.reduce((n, c, i) => n + c.answered[kind] - answeredBefore[i]![kind], 0);
  const first = answered('first') + unanswered.first;
  const corrections = answered('correction') + unanswered.correction;
  const failed = pool.reduce((n, c) => n + c.failed, 0) - failedBefore;
  const problems: string[] = [];
  const expect = (what: string, actual: number, wanted: number) => {
    if (actual !== wanted) problems.push(`${what}: ${actual}, expected ${wanted}`);
  };
  expect('form records added', after.records - before.records, first);
  expect('form.started audit entries added', after.started - before.started, first);
  expect('form.saved audit entries added', after.saved - before.saved, corrections);
  if (after.calculated - before.calculated > first + corrections)
    problems.push('more form.calculated entries than saves');
  if (first + corrections === 0) problems.push('no save succeeded');
  if (failed > 0 || result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    problems.push(
      `${failed} saves failed (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
    for (const c of pool) problems.push(...c.failures);
  }
  const row: SaveRow = {
    engine,
    phase: mode === 'first' ? 'first saves' : 'corrections',
    savesPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    saves: first + corrections,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    auditAdded: after.entries - before.entries,
    itemsPerRecord: first > 0 ? Math.round(((after.items - before.items) / first) * 10) / 10 : null,
    load: `${loadBefore} → ${loadAfter}`,
  };
  return { row, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// The ceiling: the bare endpoint on the same database, the same connections and duration.

async function ceiling(db: string): Promise<{ requestsPerSecond: number; p99Ms: number; load: string }> {
  const { child, match } = await startProcess(
    [...tsxLoader, 'bench/bare-transaction-server.ts', db],
    {},
    /bare endpoint on (http:\/\/\S+)/,
  );
  try {
    const request = {
      url: `${match[1]!}/bare`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
      connections,
    };
    if (warmUpSeconds > 0) await autocannon({ ...request, duration: warmUpSeconds });
    const loadBefore = load();
    const result = await autocannon({ ...request, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0 || result['2xx'] === 0) {
      throw new Error(`bare endpoint: ${result['2xx']} ok, ${result.non2xx} non-2xx, ${result.errors} errors`);
    }
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p99Ms: result.latency.p99,
      load: `${loadBefore} → ${load()}`,
    };
  } finally {
    await stopProcess(child);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The status matrix: one site filled in-process through the service layer, then read over HTTP.

const matrixColumns = [
  'baseline/D0',
  'labs/D0',
  'labs/D3',
  'labs/DIS',
  'follow_up/M3',
  'follow_up/M12',
  'sofa2_day/days',
];

async function fillMatrixSite(db: string): Promise<{ siteId: number; ctx: CallContext; close: () => Promise<void> }> {
  const database = openDatabase(db);
  const app: AppContext = {
    database,
    config: loadConfig({}, { db, logLevel: 'silent' }),
    clock: systemClock,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    study,
    dataKey: () => dataKey,
  };
  const ctx: CallContext = { ...app, caller: { kind: 'operator', name: 'cli:bench' }, source: 'cli', requestId: null };
  const site = await createSite(ctx, { code: 'FSM', name: 'Status matrix hospital', timeZone: 'Europe/Amsterdam' });
  const save = (participantId: number, form: string, slot: string, items: Record<string, unknown>) =>
    saveForm(ctx, { participantId, form, slot }, { version: 0, items: items as FormSave['items'] });
  const one = async (i: number) => {
    const hospitalNumber = `FSM-${i}`;
    const { screening } = await createScreening(
      ctx,
      site.id,
      screeningBody({ hospitalNumber, sex: i % 2 === 0 ? 'female' : 'male' }) as Parameters<typeof createScreening>[2],
    );
    const participant = await enroll(ctx, screening.id, {
      identity: { name: `Matrix ${i}`, hospitalNumber },
      consent: { ...deferredConsent, optionalItems: {} },
    });
    const id = participant.id;
    await save(
      id,
      'baseline',
      'D0',
      entries({ age_years: 64, sex: 'female', height_cm: 170, weight_kg: 80 + (i % 20) }, {}),
    );
    for (const visit of ['D0', 'D3', 'DIS']) {
      await save(id, 'labs', visit, entries({ crp: 120 + (i % 50), leukocytes: 12.5, lactate: 2.1 }, {}));
    }
    for (const visit of ['M3', 'M12'])
      await save(id, 'follow_up', visit, entries({ mode: 'phone', vital_status: 'alive' }, {}));
    for (let day = 1; day <= 3; day++) {
      const values = { gcs: 13, map_mmhg: 64, platelets: 80 + day };
      // Every fourth participant's third day has an infusion without a dose: the soft check opens a query.
      await save(
        id,
        'sofa2_day',
        `day-${day}`,
        sofaItems(day, values, day === 3 && i % 4 === 0 ? { norepinephrine_dose: 0 } : {}),
      );
    }
  };
  // Eight participants at a time, as several nurses would: SQLite commits them in groups.
  const lanes = 8;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < matrixParticipants; i += lanes) await one(i);
    }),
  );
  return { siteId: site.id, ctx, close: () => database.close() };
}

interface MatrixAnswer {
  participants: { cells: Record<string, { status: string; openQueries: number; days?: number }> }[];
}

function checkMatrix(matrix: MatrixAnswer): void {
  if (matrix.participants.length !== matrixParticipants) {
    throw new Error(`status matrix: ${matrix.participants.length} participants, expected ${matrixParticipants}`);
  }
  for (const p of matrix.participants) {
    const missing = matrixColumns.filter((column) => p.cells[column] === undefined);
    if (missing.length > 0 || p.cells['sofa2_day/days']?.days !== 3) {
      throw new Error(`status matrix: a participant lacks ${missing.join(', ') || 'its three ICU days'}`);
    }
  }
  const queried = matrix.participants.filter((p) => (p.cells['sofa2_day/days']?.openQueries ?? 0) > 0).length;
  if (queried !== Math.ceil(matrixParticipants / 4)) {
    throw new Error(`status matrix: ${queried} participants with an open query, expected every fourth`);
  }
}

async function timed(work: () => Promise<void>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await work();
  const ms: number[] = [];
  for (let r = 0; r < matrixRuns; r++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

async function matrix(db: string, base: string, monitor: Record<string, string>) {
  const started = performance.now();
  const filled = await fillMatrixSite(db);
  const fillSeconds = (performance.now() - started) / 1000;
  try {
    let bytes = 0;
    const loadBefore = load();
    const http = await timed(async () => {
      const res = await fetch(`${base}/api/sites/${filled.siteId}/form-status`, { headers: monitor });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET form-status: ${res.status} ${text.slice(0, 300)}`);
      bytes = text.length;
      checkMatrix(JSON.parse(text) as MatrixAnswer);
    });
    const service = await timed(async () => checkMatrix(await statusMatrix(filled.ctx, filled.siteId)));
    return { fillSeconds, http, service, bytes, load: `${loadBefore} → ${load()}` };
  } finally {
    await filled.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function run(engine: 'sqlite' | 'postgres', db: string) {
  const { child, base, password } = await startServer(db);
  try {
    const setupStarted = performance.now();
    const adminHeaders = { authorization: `Bearer ${await firstToken(base, 'admin', password)}` };
    const site = await json<{ id: number }>(
      base,
      'POST',
      '/api/sites',
      { code: 'FS1', name: 'Bench hospital' },
      adminHeaders,
    );
    const monitor = await userWithToken(base, adminHeaders, 'monitor', { siteId: null, role: 'monitor' });
    const pool: Connection[] = [];
    for (let i = 0; i < connections; i++) {
      const headers = await userWithToken(base, adminHeaders, `coordinator${i}`, {
        siteId: site.data.id,
        role: 'site_coordinator',
      });
      const participants: number[] = [];
      for (let j = 0; j < participantsPerConnection; j++) {
        const hospitalNumber = `FS-${i}-${j}`;
        const screened = await json<{ screening: { id: number } }>(
          base,
          'POST',
          `/api/sites/${site.data.id}/screenings`,
          screeningBody({ hospitalNumber }),
          headers,
        );
        const enrolled = await json<{ id: number }>(
          base,
          'POST',
          `/api/screenings/${screened.data.screening.id}/enrollment`,
          { identity: { name: `Bench ${i}.${j}`, hospitalNumber }, consent: deferredConsent },
          headers,
        );
        participants.push(enrolled.data.id);
      }
      pool.push(new Connection(headers, participants));
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    process.stdout.write(
      `${engine}: ${connections} coordinators with ${connections * participantsPerConnection} participants set up in ${setupSeconds.toFixed(1)} s\n`,
    );

    const statusMatrixFigures = await matrix(db, base, monitor);
    process.stdout.write(
      `${engine}: status matrix of ${matrixParticipants} participants filled in ${statusMatrixFigures.fillSeconds.toFixed(1)} s; ` +
        `GET form-status median ${statusMatrixFigures.http.median.toFixed(1)} ms, p95 ${statusMatrixFigures.http.p95.toFixed(1)} ms ` +
        `(${Math.round(statusMatrixFigures.bytes / 1024)} KiB); service call median ${statusMatrixFigures.service.median.toFixed(1)} ms, ` +
        `p95 ${statusMatrixFigures.service.p95.toFixed(1)} ms (${matrixRuns} runs; load ${statusMatrixFigures.load})\n`,
    );

    const ceilingBefore = await ceiling(db);
    process.stdout.write(
      `${engine}: bare transaction ${ceilingBefore.requestsPerSecond}/s (load ${ceilingBefore.load})\n`,
    );
    if (warmUpSeconds > 0) {
      await drive(base, pool, 'first', warmUpSeconds);
      await settle(base, pool);
    }
    const first = await phase(engine, db, base, pool, 'first');
    const corrections = await phase(engine, db, base, pool, 'correction');
    const ceilingAfter = await ceiling(db);
    process.stdout.write(
      `${engine}: bare transaction ${ceilingAfter.requestsPerSecond}/s (load ${ceilingAfter.load})\n`,
    );
    return { first, corrections, ceilings: [ceilingBefore, ceilingAfter], statusMatrix: statusMatrixFigures };
  } finally {
    await stopProcess(child);
  }
}

const problems: string[] = [];
const saveRows: SaveRow[] = [];
const verdict = (met: boolean) => (smoke ? '' : met ? ': met' : ': NOT met');
process.stdout.write(`machine: ${machine()}; server: ${serverEntry.length === 1 ? 'dist/cli' : 'src via tsx'}\n`);
for (const engine of engines()) {
  const fresh = await engine.fresh();
  try {
    const result = await run(engine.name, fresh.url);
    const ceilingRate = Math.round(
      result.ceilings.reduce((n, c) => n + c.requestsPerSecond, 0) / result.ceilings.length,
    );
    const phases = [result.first, result.corrections].map(({ row, problems: found }) => {
      problems.push(...found.map((p) => `${engine.name} ${row.phase}: ${p}`));
      const ratio = row.savesPerSecond / ceilingRate;
      const met =
        engine.name === 'sqlite'
          ? row.savesPerSecond >= targets.sqlite.savesPerSecond && row.p99Ms < targets.sqlite.p99Ms
          : ratio >= targets.postgres.shareOfCeiling && row.p99Ms < targets.postgres.p99Ms;
      const ofCeiling = `${(ratio * 100).toFixed(0)} %`;
      saveRows.push({ ...row, ceiling: ceilingRate, ofCeiling, target: met ? 'met' : 'NOT met' });
      return `${row.phase} ${row.savesPerSecond}/s, p99 ${row.p99Ms} ms, ${ofCeiling} of the bare transaction${verdict(met)}`;
    });
    const m = result.statusMatrix;
    const summary = [
      `${connections} connections, ${seconds} s: ${phases.join('; ')} (bare transaction ${ceilingRate}/s)`,
      `status matrix of ${matrixParticipants}: median ${m.http.median.toFixed(1)} ms, p95 ${m.http.p95.toFixed(1)} ms` +
        verdict(m.http.median < targets.matrixMs),
    ];
    process.stdout.write(
      `${engine.name}: bare transaction ${result.ceilings.map((c) => c.requestsPerSecond).join(' and ')}/s ` +
        `(p99 ${result.ceilings.map((c) => c.p99Ms).join(' and ')} ms), mean ${ceilingRate}/s\n` +
        summary.map((line) => `${engine.name}: ${line}\n`).join(''),
    );
    report({ benchmark: 'form-save', engine: engine.name, figures: summary.join('; ') });
  } finally {
    await fresh.drop();
  }
}
console.table(saveRows);
for (const problem of problems) process.stdout.write(`${problem}\n`);
if (problems.length > 0) process.exitCode = 1;
