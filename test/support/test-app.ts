import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AllTables } from '../../src/db/tables.ts';
import { createFakeClock, type FakeClock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { AppContext, CallContext } from '../../src/kernel/context.ts';
import { bootstrapAdministrator } from '../../src/features/users/public.ts';
import { buildApp } from '../../src/server/app.ts';
import type { TestEngine } from './engines.ts';
import { TestClient } from './test-client.ts';
import type { Study } from '../../src/protocol/study.ts';
import { study as nct07273344 } from '../../src/protocol/nct07273344/protocol.ts';

export interface TestApp {
  app: FastifyInstance;
  appContext: AppContext;
  database: Database;
  /** Every table, unscoped: for tests that look underneath the API. */
  raw: Kysely<AllTables>;
  clock: FakeClock;
  /** The administrator, through an API token (so moving the fake clock does not sign it out). */
  admin: TestClient;
  adminPassword: string;
  close(): Promise<void>;
  client(): TestClient;
  /** Creates an account with these roles through the API, signs it in and changes its password. */
  userWith(memberships: { siteId: number | null; role: string }[], username?: string): Promise<TestClient>;
  operator(): CallContext;
}

let counter = 0;
export const strongPassword = 'correct horse battery staple 42';

/** A fixed data key for tests (never a real one). */
export const testDataKey = Buffer.alloc(32, 7);

export async function startTestApp(
  engine: TestEngine,
  config: Partial<Config> = {},
  study: Study = nct07273344,
): Promise<TestApp> {
  const fresh = await engine.fresh();
  const database = openDatabase(fresh.url, { poolSize: 4 });
  await migrateToLatest(database);
  const clock = createFakeClock('2026-03-02T09:00:00.000Z');
  const appContext: AppContext = {
    database,
    config: loadConfig({}, { db: fresh.url, logLevel: 'silent', loginRatePerMinute: 10_000, ...config }),
    clock,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    study,
    dataKey: () => testDataKey,
  };
  const operator = (): CallContext => ({
    ...appContext,
    caller: { kind: 'operator', name: 'cli:test' },
    source: 'cli',
    requestId: null,
  });
  const created = await bootstrapAdministrator(operator());
  if (created === null) throw new Error('a fresh test database already had users');
  // Every answer outside an endpoint's contract (an undeclared error code) fails the test file at close.
  const breaches: string[] = [];
  const app = await buildApp(appContext, { logger: false, onContractBreach: (breach) => breaches.push(breach) });
  const client = () => new TestClient(app);
  const admin = client();
  await admin.signIn('admin', created.oneTimePassword);
  await admin
    .call('POST', '/api/auth/password', { currentPassword: created.oneTimePassword, newPassword: strongPassword })
    .expect(200);
  // The administrator works through an API token, which does not expire when tests move the clock.
  const token = await admin.call('POST', '/api/me/tokens', { name: 'test administrator' }).expect(201);
  admin.useToken((token.json as { token: string }).token);

  return {
    app,
    appContext,
    database,
    raw: database.kysely as unknown as Kysely<AllTables>,
    clock,
    admin,
    adminPassword: strongPassword,
    client,
    operator,
    async userWith(memberships, username = `user${++counter}x${Date.now() % 100000}`) {
      const res = await admin
        .call('POST', '/api/users', { username, displayName: `Test ${username}`, memberships })
        .expect(201);
      const oneTime = (res.json as { oneTimePassword: string }).oneTimePassword;
      const user = client();
      await user.signIn(username, oneTime);
      await user
        .call('POST', '/api/auth/password', { currentPassword: oneTime, newPassword: strongPassword })
        .expect(200);
      user.username = username;
      user.userId = (res.json as { user: { id: number } }).user.id;
      return user;
    },
    async close() {
      await app.close();
      await database.close();
      await fresh.drop();
      if (breaches.length > 0)
        throw new Error(`answers outside the endpoints' contracts:\n${[...new Set(breaches)].join('\n')}`);
    },
  };
}
