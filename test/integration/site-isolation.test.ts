import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, roles } from '../../src/core/permissions.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';
import { deferredConsent, enrolled, screeningBody, type Participant } from '../support/study-fixtures.ts';

/**
 * A user of site A, whatever their role, can neither read nor change anything of site B through any
 * endpoint. The test walks every API route the server registers, so a new route is covered the day it
 * is added: it only needs a sample body (below) and a way to name site B's objects in its path.
 */

const markers = ['SECRETB', 'bravo-nurse-secret'];

interface SiteB {
  siteId: number;
  userId: number;
  tokenId: number;
  screeningId: number;
  participantId: number;
  destructionId: number;
}

/** How to point each path parameter at site B's objects. A new parameter name fails the test until added here. */
const pathParameters: Record<string, (b: SiteB) => number> = {
  siteId: (b) => b.siteId,
  userId: (b) => b.userId,
  tokenId: (b) => b.tokenId,
  screeningId: (b) => b.screeningId,
  participantId: (b) => b.participantId,
  destructionId: (b) => b.destructionId,
};

/** A valid body for each route that takes one, so that requests are refused for who sends them, not for their shape. */
const sampleBodies: Record<string, (me: TestClient, b: SiteB) => unknown> = {
  'POST /api/auth/sign-in': (me) => ({ username: me.username, password: 'not the password at all' }),
  'POST /api/auth/password': () => ({
    currentPassword: 'not the password at all',
    newPassword: 'another long password 99',
  }),
  'POST /api/auth/totp/enable': () => ({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code: '123456' }),
  'POST /api/auth/totp/disable': () => ({ password: 'not the password at all' }),
  'PATCH /api/me': () => ({ displayName: 'Renamed by a probe' }),
  'POST /api/me/tokens': () => ({ name: 'probe token' }),
  'POST /api/sites': () => ({ code: 'PRB', name: 'Probe site' }),
  'PATCH /api/sites/:siteId': () => ({ name: 'Renamed by site A', disabled: true }),
  'POST /api/users': (_me, b) => ({
    username: 'probe-user',
    displayName: 'Probe',
    memberships: [{ siteId: b.siteId, role: 'investigator' }],
  }),
  'PATCH /api/users/:userId': () => ({ displayName: 'Renamed by site A', disabled: true }),
  'PUT /api/users/:userId/roles': (_me, b) => ({ memberships: [{ siteId: b.siteId, role: 'monitor' }] }),
  'POST /api/sites/:siteId/screenings': () => screeningBody(),
  'POST /api/screenings/:screeningId/outcome': () => ({ outcome: 'not_approached', reason: 'probe' }),
  'POST /api/screenings/:screeningId/enrollment': () => ({
    identity: { name: 'Probe', hospitalNumber: 'PROBE-1' },
    consent: deferredConsent,
  }),
  'PUT /api/participants/:participantId/identity': () => ({ name: 'Renamed by site A', hospitalNumber: 'B-SECRET' }),
  'POST /api/participants/:participantId/consents': () => ({
    type: 'patient',
    decision: 'refused',
    date: '2026-03-02',
  }),
  'POST /api/participants/:participantId/visits': () => ({ visit: 'D3', outcome: 'missed', missedReason: 'probe' }),
  'POST /api/participants/:participantId/events': () => ({ kind: 'death', date: '2026-03-02' }),
  'POST /api/participants/:participantId/withdrawal': () => ({
    date: '2026-03-02',
    requestedBy: 'participant',
    scope: 'destroy_data_and_samples',
  }),
  'POST /api/destructions/:destructionId/approve': () => ({ note: 'approved by site A' }),
  'POST /api/destructions/:destructionId/reject': () => ({ note: 'rejected by site A' }),
};

/** Routes that end the caller's own session run last. */
const runsLast = new Set(['POST /api/auth/sign-out']);

describe.each(engines)('site isolation on $name', (engine) => {
  let t: TestApp;
  let b: SiteB;
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
    const siteB = (
      await t.admin.call('POST', '/api/sites', { code: 'BRV', name: 'Bravo hospital SECRETB' }).expect(201)
    ).json as { id: number };
    nurseB = await t.userWith([{ siteId: siteB.id, role: 'site_coordinator' }], 'bravo-nurse-secret');
    const token = (await nurseB.call('POST', '/api/me/tokens', { name: 'bravo script SECRETB' }).expect(201)).json as {
      id: number;
    };
    siteAId = siteA.id;
    // A participant of B, and another whose withdrawal waits for an investigator's approval.
    const participant = await enrolled(nurseB, siteB.id, { name: 'Bravo Patient SECRETB', hospitalNumber: 'B-SECRET' });
    const leaving = await enrolled(nurseB, siteB.id);
    const withdrawn = await nurseB
      .call('POST', `/api/participants/${leaving.id}/withdrawal`, {
        date: '2026-03-02',
        requestedBy: 'participant',
        scope: 'destroy_data_and_samples',
        reason: 'SECRETB reason',
      })
      .expect(201);
    b = {
      siteId: siteB.id,
      userId: nurseB.userId,
      tokenId: token.id,
      screeningId: participant.screeningId,
      participantId: participant.id,
      destructionId: (withdrawn.json as Participant).destruction!.id,
    };
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
        const url = route.url.replace(/:(\w+)/g, (_m, name: string) => String(pathParameters[name]?.(b)));
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
