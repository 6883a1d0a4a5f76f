import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hours, minutes } from '../../src/core/clock.ts';
import { sqliteEngine } from '../support/engines.ts';
import { enrolled, studySite, withToken, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf, type TestClient } from '../support/test-client.ts';

/**
 * Rate limits count per client behind the reverse proxy (SEPTYPE_TRUST_PROXY) and per user for identity reads.
 * The limits live in the server's memory, not the database: one engine is enough.
 */

const fromAddress = (client: TestClient, address: string, username: string) =>
  client.call(
    'POST',
    '/api/auth/sign-in',
    { username, password: 'not the password at all' },
    { headers: { 'x-forwarded-for': address } },
  );

async function securityIps(t: TestApp, username: string): Promise<unknown[]> {
  const log = (await t.admin.call('GET', '/api/security-log?limit=500').expect(200)).json as {
    entries: { actor: string; action: string; after: { ip?: string } }[];
  };
  return log.entries
    .filter((e) => e.actor === username && e.action === 'security.sign_in_failed')
    .map((e) => e.after.ip);
}

describe('behind a trusted reverse proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(sqliteEngine, { trustProxy: ['127.0.0.1'], loginRatePerMinute: 3 });
  });
  afterAll(() => t.close());

  it('limits sign-in attempts per client that the proxy names, not one bucket for everyone behind it', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fromAddress(t.client(), '10.1.1.1', 'someone')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(errorOf(await fromAddress(t.client(), '10.1.1.1', 'someone')).code).toBe('rate_limited');
    expect((await fromAddress(t.client(), '10.2.2.2', 'someone')).status).toBe(401);
    // The security log keeps the client's address, not the proxy's.
    expect(await securityIps(t, 'someone')).toEqual(expect.arrayContaining(['10.1.1.1', '10.2.2.2']));
    expect(await securityIps(t, 'someone')).not.toContain('127.0.0.1');
  });
});

describe('behind a proxy given as a hop count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(sqliteEngine, { trustProxy: 1 });
  });
  afterAll(() => t.close());

  it('takes the address the nearest proxy appended, not one a client put before it', async () => {
    await fromAddress(t.client(), '6.6.6.6, 10.3.3.3', 'hops');
    expect(await securityIps(t, 'hops')).toEqual(['10.3.3.3']);
  });
});

describe('without a trusted proxy (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(sqliteEngine, { loginRatePerMinute: 3 });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: a client cannot pick a fresh bucket by naming another address', async () => {
    // The test's own administrator signed in from this address too: the bucket holds what is left of 3.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fromAddress(t.client(), `10.9.9.${i}`, 'spoofer')).status);
    expect(statuses).toContain(429);
    for (const address of ['10.1.1.1', '10.2.2.2', '192.168.0.7']) {
      expect((await fromAddress(t.client(), address, 'spoofer')).status, address).toBe(429);
    }
    expect(new Set(await securityIps(t, 'spoofer'))).toEqual(new Set(['127.0.0.1']));
  });
});

describe('identity reads', () => {
  let t: TestApp;
  let site: StudySite;
  let participantId: number;
  beforeAll(async () => {
    t = await startTestApp(sqliteEngine, { identityReadsPerMinute: 6, identityReadAlertPerHour: 4 });
    site = await studySite(t);
    participantId = (await enrolled(site.nurse, site.siteId)).id;
  });
  afterAll(() => t.close());

  const coordinator = async () => withToken(await t.userWith([{ siteId: site.siteId, role: 'site_coordinator' }]));
  const read = (client: TestClient) => client.call('GET', `/api/participants/${participantId}/identity`);
  const bursts = async () =>
    (
      (await t.admin.call('GET', '/api/security-log?limit=500').expect(200)).json as {
        entries: { action: string; actor: string; entityId: string | null; after: unknown }[];
      }
    ).entries.filter((e) => e.action === 'security.identity_read_burst');

  it('are limited per user and minute: one user at the limit does not hold up a colleague at the same address', async () => {
    const first = await coordinator();
    const colleague = await coordinator();
    for (let i = 0; i < 6; i += 1) expect((await read(first)).status).toBe(200);
    const limited = await read(first);
    expect(limited.status).toBe(429);
    expect(errorOf(limited)).toMatchObject({ code: 'rate_limited', key: 'access.tooManyAttempts' });
    expect((await read(colleague)).status).toBe(200);
  });

  it('past the hourly threshold, write one security event naming the reader', async () => {
    const reader = await coordinator();
    for (let i = 0; i < 4; i += 1) expect((await read(reader)).status).toBe(200);
    expect((await bursts()).filter((e) => e.actor === reader.username)).toEqual([]);
    expect((await read(reader)).status).toBe(200);
    expect((await read(reader)).status).toBe(200);
    const alerts = (await bursts()).filter((e) => e.actor === reader.username);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ entityId: String(reader.userId), after: { reads: 5, threshold: 4 } });
  });

  it('count reads within the last hour only', async () => {
    const reader = await coordinator();
    for (let i = 0; i < 3; i += 1) expect((await read(reader)).status).toBe(200);
    t.clock.advance(hours(1) + minutes(1));
    for (let i = 0; i < 3; i += 1) expect((await read(reader)).status).toBe(200);
    expect((await bursts()).filter((e) => e.actor === reader.username)).toEqual([]);
  });
});
