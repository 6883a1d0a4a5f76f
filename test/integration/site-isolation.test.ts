import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, roles } from '../../src/core/permissions.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  pathParameters,
  populatedSite,
  runsLast,
  sampleBodies,
  urlFor,
  type SiteObjects,
} from '../support/route-samples.ts';
import type { TestClient } from '../support/test-client.ts';

/**
 * A user of site A, whatever their role, can neither read nor change anything of site B through any
 * endpoint. The test walks every API route the server registers, so a new route is covered the day it
 * is added: it only needs a sample body and a way to name site B's objects in its path
 * (test/support/route-samples.ts).
 */

const markers = ['SECRETB', 'brv-nurse-secretb'];

describe.each(engines)('site isolation on $name', (engine) => {
  let t: TestApp;
  let b: SiteObjects;
  let siteAId: number;
  let nurseB: TestClient;
  const siteAUsers: TestClient[] = [];

  async function snapshotOfB(): Promise<string> {
    const parts = await Promise.all([
      t.admin.call('GET', `/api/sites/${b.siteId}`).expect(200),
      t.admin.call('GET', `/api/users/${b.userId}`).expect(200),
      t.admin.call('GET', `/api/sites/${b.siteId}/audit?limit=500`).expect(200),
      nurseB.call('GET', '/api/me/tokens').expect(200),
      nurseB.call('GET', '/api/auth/session').expect(200),
      nurseB.call('GET', `/api/sites/${b.siteId}/screenings`).expect(200),
      nurseB.call('GET', `/api/participants/${b.participantId}`).expect(200),
      nurseB.call('GET', `/api/sites/${b.siteId}/destructions`).expect(200),
      nurseB.call('GET', `/api/sites/${b.siteId}/worklist`).expect(200),
    ]);
    return JSON.stringify(parts.map((p) => p.json));
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const siteA = (await t.admin.call('POST', '/api/sites', { code: 'ALF', name: 'Alpha hospital' }).expect(201))
      .json as { id: number };
    siteAId = siteA.id;
    ({ objects: b, coordinator: nurseB } = await populatedSite(t, 'BRV', 'SECRETB'));
    for (const role of roles)
      siteAUsers.push(await t.userWith([{ siteId: siteA.id, role }], `alpha-${role.replace('_', '-')}`));
  });
  afterAll(() => t.close());

  it('covers every API route with a path and a body aimed at site B', () => {
    const missing = t.app.apiRoutes.flatMap((route) => {
      const key = `${route.method} ${route.url}`;
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      return [
        ...params.filter((p) => !(p in pathParameters)).map((p) => `${key}: no site-B value for :${p}`),
        ...(route.endpoint.body !== undefined && !(key in sampleBodies) ? [`${key}: no sample body`] : []),
      ];
    });
    expect(missing).toEqual([]);
    expect(t.app.apiRoutes.length).toBeGreaterThan(15);
  });

  it("never returns site B's data to a user of site A, nor lets them change it", async () => {
    const before = await snapshotOfB();
    const ordered = [...t.app.apiRoutes].sort(
      (x, y) => Number(runsLast.has(`${x.method} ${x.url}`)) - Number(runsLast.has(`${y.method} ${y.url}`)),
    );
    const leaks: string[] = [];
    for (const user of siteAUsers) {
      for (const route of ordered) {
        const key = `${route.method} ${route.url}`;
        const url = urlFor(route.url, b);
        const body = route.endpoint.body !== undefined ? sampleBodies[key]?.(user, b) : undefined;
        const reply = await user.call(route.method, url, body);
        const aimsAtB = new RegExp(`:(${Object.keys(pathParameters).join('|')})`).test(route.url);
        if (markers.some((m) => reply.text.includes(m)))
          leaks.push(`${user.username} ${key}: response shows site B data`);
        if (aimsAtB && reply.status < 400)
          leaks.push(`${user.username} ${key}: HTTP ${reply.status} on a site-B object`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOfB()).toEqual(before);
  });

  it('lets the same roles work on their own site (the refusals above are about the site, not the role)', async () => {
    for (const role of roles) {
      const user = await t.userWith([{ siteId: siteAId, role }]);
      const sites = (await user.call('GET', '/api/sites').expect(200)).json as { sites: { code: string }[] };
      expect(sites.sites.map((s) => s.code)).toEqual(['ALF']);
      await user.call('GET', `/api/sites/${siteAId}`).expect(200);
      const trail = await user.call('GET', `/api/sites/${siteAId}/audit`);
      expect(trail.status, role).toBe(allows([{ siteId: siteAId, role }], 'audit.read') ? 200 : 403);
    }
  });
});
