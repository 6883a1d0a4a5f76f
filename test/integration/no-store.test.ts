import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteEngine } from '../support/engines.ts';
import { populatedSite, urlFor, type SiteObjects } from '../support/route-samples.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { Reply, TestClient } from '../support/test-client.ts';

/**
 * No answer of the API stays in a browser's or proxy's cache: identities, participant records and exports carry
 * `Cache-Control: no-store`. The test walks every GET route the server registers, so a new route is covered the
 * day it is added. The header does not depend on the database engine, so SQLite alone runs it.
 */

const noStore = (reply: Reply) => reply.headers['cache-control'];

describe('Cache-Control on API answers', () => {
  let t: TestApp;
  let objects: SiteObjects;
  let callers: TestClient[];

  beforeAll(async () => {
    t = await startTestApp(sqliteEngine);
    const site = await populatedSite(t, 'NST', 'NOSTORE');
    objects = site.objects;
    const investigator = await t.userWith([{ siteId: objects.siteId, role: 'investigator' }]);
    const lab = await t.userWith([{ siteId: objects.siteId, role: 'lab_technician' }]);
    callers = [site.coordinator, investigator, lab, t.admin];
  });
  afterAll(() => t.close());

  it('serves every API route under /api/, where the rule applies', () => {
    expect(t.app.apiRoutes.filter((route) => !route.url.startsWith('/api/'))).toEqual([]);
  });

  it('answers every GET route with no-store, to a caller it serves and to one it refuses', async () => {
    const gets = t.app.apiRoutes.filter((route) => route.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    const missing: string[] = [];
    const neverServed: string[] = [];
    for (const route of gets) {
      const url = urlFor(route.url, objects);
      const replies = [
        ...(await Promise.all(callers.map((c) => c.call('GET', url)))),
        await t.client().call('GET', url),
      ];
      for (const reply of replies) {
        if (noStore(reply) !== 'no-store') missing.push(`GET ${route.url} (HTTP ${reply.status})`);
      }
      if (!replies.some((reply) => reply.status >= 200 && reply.status < 300)) neverServed.push(`GET ${route.url}`);
    }
    expect(missing).toEqual([]);
    // Each route answered with its data at least once, so the header is seen on answers that carry personal data.
    expect(neverServed).toEqual([]);
  });

  it('also marks answers of the other methods, refusals and paths that match no route', async () => {
    const nurse = callers[0]!;
    const changed = await nurse.call('POST', `/api/participants/${objects.participantId}/events`, {
      kind: 'lost_to_follow_up',
      date: '2026-03-02',
    });
    const encoded = await nurse.call('GET', `/%61pi/participants/${objects.participantId}`);
    expect(encoded.status).toBe(200);
    for (const reply of [
      changed,
      encoded,
      await t.client().call('GET', '/api/me/tokens'),
      await nurse.call('GET', '/api/no-such-thing'),
      await nurse.call('GET', `/api/participants/${objects.participantId + 1000}`),
    ]) {
      expect(noStore(reply), `HTTP ${reply.status}`).toBe('no-store');
    }
  });
});
