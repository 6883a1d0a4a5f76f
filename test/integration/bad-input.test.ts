import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf } from '../support/test-client.ts';

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
