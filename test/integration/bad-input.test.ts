import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/core/permissions.ts';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { toAppError } from '../../src/server/error-handler.ts';
import { engines } from '../support/engines.ts';
import { populatedSite, sampleBodies, urlFor, type SiteObjects } from '../support/route-samples.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf, type TestClient } from '../support/test-client.ts';
import { screeningBody } from '../support/study-fixtures.ts';

describe.each(engines)('bad input on $name', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { bodyLimitBytes: 4096 });
  });
  afterAll(() => t.close());

  /** Whatever the failure, nothing may be written: the audit chain and the site list stay as they were. */
  async function expectNothingWritten(request: () => PromiseLike<unknown>) {
    const chainBefore = await verifyAuditChain(t.database.kysely);
    const sitesBefore = (await t.admin.call('GET', '/api/sites').expect(200)).text;
    await request();
    expect(await verifyAuditChain(t.database.kysely)).toEqual(chainBefore);
    expect((await t.admin.call('GET', '/api/sites').expect(200)).text).toBe(sitesBefore);
  }

  const cases: [string, unknown, { status: number; code: string; field?: string }][] = [
    ['malformed JSON', '{"code": "NIJ", ', { status: 400, code: 'invalid_input', field: 'body' }],
    [
      'an unknown field',
      { code: 'NIJ', name: 'Nijmegen', colour: 'red' },
      { status: 400, code: 'invalid_input', field: 'colour' },
    ],
    ['a wrong type', { code: 'NIJ', name: 42 }, { status: 400, code: 'invalid_input', field: 'name' }],
    ['a missing field', { code: 'NIJ' }, { status: 400, code: 'invalid_input', field: 'name' }],
    ['a bad site code', { code: 'N-1', name: 'Nijmegen' }, { status: 400, code: 'invalid_input', field: 'code' }],
    [
      'an unknown time zone',
      { code: 'NIJ', name: 'Nijmegen', timeZone: 'Europe/Nijmegen' },
      { status: 400, code: 'invalid_input', field: 'timeZone' },
    ],
    ['an oversized body', { code: 'NIJ', name: 'x'.repeat(5000) }, { status: 413, code: 'payload_too_large' }],
    ['a JSON array instead of an object', [1, 2], { status: 400, code: 'invalid_input' }],
  ];

  it.each(cases)('refuses %s with the field named, and writes nothing', async (_label, body, expected) => {
    await expectNothingWritten(async () => {
      const reply = await t.admin.call('POST', '/api/sites', body);
      expect(reply.status).toBe(expected.status);
      expect(errorOf(reply)).toMatchObject({
        code: expected.code,
        ...(expected.field ? { field: expected.field } : {}),
      });
    });
  });

  it('refuses a body that is not JSON', async () => {
    await expectNothingWritten(async () => {
      const reply = await t.admin.call('POST', '/api/sites', undefined, { headers: { 'content-type': 'text/plain' } });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(errorOf(reply).code).toMatch(/invalid_input|unsupported_media_type/);
    });
  });

  it('names a bad path parameter and a bad query parameter', async () => {
    expect(errorOf(await t.admin.call('GET', '/api/sites/abc'))).toMatchObject({
      code: 'invalid_input',
      field: 'siteId',
    });
    expect(errorOf(await t.admin.call('GET', '/api/security-log?limit=100000'))).toMatchObject({
      code: 'invalid_input',
      field: 'limit',
    });
    expect(errorOf(await t.admin.call('GET', '/api/security-log?colour=red'))).toMatchObject({
      code: 'invalid_input',
      field: 'colour',
    });
  });

  it('answers an unknown endpoint with the error model', async () => {
    const reply = await t.admin.call('GET', '/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('not_found');
  });

  it('rolls back a use case that fails half-way: a duplicate site code leaves no trace', async () => {
    await t.admin.call('POST', '/api/sites', { code: 'DUP', name: 'First' }).expect(201);
    await expectNothingWritten(async () => {
      const reply = await t.admin.call('POST', '/api/sites', { code: 'dup', name: 'Second' });
      expect(reply.status).toBe(409);
      expect(errorOf(reply)).toMatchObject({ code: 'conflict', field: 'code' });
    });
  });

  it('tags every response with a request id that the audit trail keeps', async () => {
    const reply = await t.admin.call('POST', '/api/sites', { code: 'RID', name: 'Request id site' }).expect(201);
    const requestId = reply.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const site = reply.json as { id: number };
    const trail = (await t.admin.call('GET', `/api/sites/${site.id}/audit`).expect(200)).json as {
      entries: { requestId: string; source: string }[];
    };
    expect(trail.entries[0]).toMatchObject({ requestId, source: 'api' });
  });
});

/**
 * Input that broke PostgreSQL (a 500) or was silently stored wrong, as classes over every route: ids beyond the
 * database's integer, NUL and broken Unicode in any text, impossible offsets and dates, sites that do not exist,
 * and huge values quoted back in messages. (The fuzzer, test/integration/fuzz.test.ts, throws more at them.)
 */
describe.each(engines)('hostile input on $name', (engine) => {
  let t: TestApp;
  let a: SiteObjects;
  let nurse: TestClient;
  /** Holds every role at every site: no access rule stops it before the check under test. */
  let everywhere: TestClient;
  let otherSiteId: number;

  beforeAll(async () => {
    t = await startTestApp(engine);
    ({ objects: a, coordinator: nurse } = await populatedSite(t, 'HST', 'HOSTILE'));
    otherSiteId = (
      (await t.admin.call('POST', '/api/sites', { code: 'OTH', name: 'Other' }).expect(201)).json as {
        id: number;
      }
    ).id;
    everywhere = await t.userWith(roles.map((role) => ({ siteId: null, role })));
  });
  afterAll(() => t.close());

  const routes = () => t.app.apiRoutes;
  const body = (method: string, url: string, me: TestClient) => sampleBodies[`${method} ${url}`]?.(me, a);

  it('refuses an id beyond the database column (2^31) in every path as input, naming the parameter', async () => {
    const wrong: string[] = [];
    for (const { method, url } of routes()) {
      for (const name of [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
        const path = urlFor(url, { ...a, [name]: 2_147_483_648 });
        const reply = await everywhere.call(method, path, body(method, url, everywhere));
        const error = reply.status === 400 ? errorOf(reply) : undefined;
        if (error?.field !== name || error.code !== 'invalid_input')
          wrong.push(`${method} ${url} :${name}: ${reply.text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an id beyond the column inside a body too', async () => {
    const reply = await t.admin.call('PUT', `/api/users/${a.userId}/roles`, {
      memberships: [{ siteId: 2_147_483_648, role: 'monitor' }],
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toMatchObject({ field: 'memberships.0.siteId', key: 'input.tooBig' });
  });

  it('refuses NUL in every text of every request body, naming the field, and writes nothing', async () => {
    const chainBefore = await verifyAuditChain(t.database.kysely);
    const wrong: string[] = [];
    let tried = 0;
    for (const { method, url } of routes()) {
      const sample = body(method, url, nurse);
      for (const [field, spoilt] of withEachText(sample, (text) => `${text}\u0000`)) {
        tried += 1;
        const reply = await everywhere.call(method, urlFor(url, a), spoilt);
        const error = reply.status === 400 ? errorOf(reply) : undefined;
        if (error?.field !== field || (error as { key?: string }).key !== 'input.badCharacter')
          wrong.push(`${method} ${url} ${field}: ${reply.status} ${reply.text}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(20);
    expect(await verifyAuditChain(t.database.kysely)).toEqual(chainBefore);
  });

  it('refuses a lone surrogate in a text and a control character in a query or a path', async () => {
    const surrogate = await nurse.call('PATCH', '/api/me', { displayName: 'half \ud800 a pair' });
    expect(errorOf(surrogate)).toMatchObject({ field: 'displayName', key: 'input.badCharacter' });
    const query = await nurse.call('GET', `/api/sites/${a.siteId}/screenings?from=2026-03-01%00`);
    expect(errorOf(query)).toMatchObject({ field: 'from', key: 'input.badCharacter' });
    const path = await nurse.call('GET', `/api/screenings/1%00`);
    expect(errorOf(path)).toMatchObject({ field: 'screeningId', key: 'input.badCharacter' });
  });

  it('refuses an ICU admission with an impossible offset or outside the study period', async () => {
    const offset = await nurse.call(
      'POST',
      `/api/sites/${a.siteId}/screenings`,
      screeningBody({ icuAdmissionAt: '2026-12-05T10:00:00+99:99' }),
    );
    expect(errorOf(offset)).toMatchObject({ field: 'icuAdmissionAt', key: 'input.offset' });
    const ancient = await nurse.call(
      'POST',
      `/api/sites/${a.siteId}/screenings`,
      screeningBody({ icuAdmissionAt: '0001-01-01T00:00:00Z', screenedOn: '0001-01-01' }),
    );
    expect(ancient.status).toBe(400);
    expect(errorOf(ancient)).toMatchObject({ key: 'input.dateRange' });
  });

  it('answers "not found" for a site that does not exist on every site route, to those who may see every site', async () => {
    const wrong: string[] = [];
    for (const { method, url } of routes().filter((r) => r.url.includes(':siteId'))) {
      const reply = await everywhere.call(
        method,
        urlFor(url, { ...a, siteId: 999_999 }),
        body(method, url, everywhere),
      );
      if (reply.status !== 404 || errorOf(reply).message !== 'site 999999 not found')
        wrong.push(`${method} ${url}: ${reply.status} ${reply.text}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers a site user alike for another site and for none, so a site's existence does not leak", async () => {
    for (const { method, url } of routes().filter((r) => r.url.includes(':siteId') && r.method === 'GET')) {
      const other = await nurse.call(method, urlFor(url, { ...a, siteId: otherSiteId }));
      const none = await nurse.call(method, urlFor(url, { ...a, siteId: 999_999 }));
      expect([none.status, errorOf(none).code], `${method} ${url}`).toEqual([other.status, errorOf(other).code]);
      expect(errorOf(none).message.replace('999999', 'N')).toBe(
        errorOf(other).message.replace(String(otherSiteId), 'N'),
      );
    }
  });

  it('quotes at most a short excerpt of a huge value in an error, wherever the message quotes input', async () => {
    const huge = 'Q'.repeat(200_000);
    const replies = [
      await t.admin.call('POST', '/api/sites', { code: 'NIJ', name: 'Nijmegen', [huge]: 1 }),
      await nurse.call('POST', `/api/participants/${a.participantId}/visits`, {
        visit: 'D3',
        outcome: 'done',
        occurredAt: '2026-03-02T09:30:00+01:00',
        bloodDrawn: true,
        tubes: [{ tube: huge, count: 1 }],
      }),
      await nurse.call('POST', `/api/participants/${a.participantId}/consents`, {
        type: 'patient',
        decision: 'given',
        date: '2026-03-02',
        informationLetterVersion: '1.0',
        optionalItems: { [huge]: true },
      }),
      await nurse.call(
        'POST',
        `/api/sites/${a.siteId}/screenings`,
        screeningBody({}, { corticosteroids: [{ drug: huge, dailyDoseMg: 5, days: 20 }] }),
      ),
      await nurse.call('GET', `/api/screenings/${huge}`),
      await nurse.call('GET', `/api/screenings/%E0%A4%A`),
    ];
    for (const reply of replies) {
      expect(reply.status, reply.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.text.length, reply.text.slice(0, 300)).toBeLessThan(1000);
      expect(errorOf(reply).code).toBeDefined();
    }
    // The first four messages do quote the value: cut short, not left out.
    for (const reply of replies.slice(0, 4)) {
      expect(reply.text).toMatch(/QQQQ…/);
    }
  });

  // PostgreSQL's own errors: SQLite has none of these (the test below covers every engine's error shape).
  if (engine.name === 'postgres')
    it("maps PostgreSQL's serialization failure and deadlock to a conflict to try again, not a 500", async () => {
      for (const code of ['40001', '40P01']) {
        const failure = await sql`do $$ begin raise exception 'lost' using errcode = ${sql.lit(code)}; end $$`
          .execute(t.database.kysely)
          .then(
            () => undefined,
            (error: unknown) => error as Error,
          );
        expect(failure).toBeDefined();
        expect(toAppError(failure!, 'r1')).toMatchObject({ code: 'conflict', status: 409, key: 'access.raced' });
      }
    });
});

it('maps a serialization failure or deadlock of any engine error shape to a conflict, and other errors to internal', () => {
  for (const code of ['40001', '40P01', '23505']) {
    expect(toAppError(Object.assign(new Error('lost'), { code }), 'r1')).toMatchObject({ code: 'conflict' });
  }
  expect(toAppError(Object.assign(new Error('other'), { code: '22003' }), 'r1')).toMatchObject({ code: 'internal' });
});

/** Each text leaf of a value, replaced in turn: [its field path, the whole value with that text changed]. */
function withEachText(value: unknown, change: (text: string) => string): [string, unknown][] {
  const out: [string, unknown][] = [];
  const visit = (item: unknown, path: (string | number)[], rebuild: (replacement: unknown) => unknown) => {
    if (typeof item === 'string') out.push([path.join('.'), rebuild(change(item))]);
    else if (Array.isArray(item))
      item.forEach((inner, i) =>
        visit(inner, [...path, i], (r) => rebuild((item as unknown[]).map((x, j) => (j === i ? r : x)))),
      );
    else if (typeof item === 'object' && item !== null)
      for (const [key, inner] of Object.entries(item))
        visit(inner, [...path, key], (r) => rebuild({ ...item, [key]: r }));
  };
  visit(value, [], (r) => r);
  return out;
}
