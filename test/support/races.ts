import { generate } from 'otplib';
import { expect } from 'vitest';
import { entries, sofaDayPath } from './form-fixtures.ts';
import { deferredConsent, enrolled, screen, screeningBody, withToken, type StudySite } from './study-fixtures.ts';
import { strongPassword, type TestApp } from './test-app.ts';
import { aliquotsOf, bloodDrawn, edtaTube, processed, storageBox, type AliquotOf } from './sample-fixtures.ts';
import { base64, processedVisit, referenceBeads } from './lab-fixtures.ts';
import type { Reply, TestClient } from './test-client.ts';

/**
 * What the concurrency test (test/integration/one-winner.test.ts) fires at each state-changing route: N
 * requests at one fresh object at the same moment, and what must come of them. A new route that changes state
 * fails that test until it has an entry here.
 *
 * - `once`: a transition. Exactly one request succeeds; the others are refused with 409 or one of the named
 *   statuses; each audit action is written exactly once.
 * - `each`: every request creates something of its own (a screening, a token, a session): all succeed, and
 *   each audit action is written N times.
 * - `serial`: a change that may be repeated (a new name, a new role set): all succeed one after the other,
 *   each audited; where the audit entry keeps `before` and `after` in clear, every entry's `before` is the
 *   previous entry's `after` (no change was made against a state another request had already replaced).
 */
export type Outcome =
  { kind: 'once'; refusals?: readonly number[] } | { kind: 'each' } | { kind: 'serial'; chained?: boolean };

export interface RaceRequest {
  client: TestClient;
  method: string;
  url: string;
  body?: unknown;
}

export interface Race {
  requests: RaceRequest[];
  /** What must hold afterwards, given the answers in the order the requests were made. */
  settle?: (replies: Reply[]) => Promise<void>;
}

export interface RaceWorld {
  t: TestApp;
  site: StudySite;
  /** A new account of the site (a site coordinator), signed in with a session cookie. */
  freshUser(): Promise<TestClient>;
}

export const concurrentRequests = 4;

const times = <T>(make: (i: number) => T): T[] => Array.from({ length: concurrentRequests }, (_, i) => make(i));
const same = (client: TestClient, method: string, url: string, body?: unknown): RaceRequest[] =>
  times(() => ({ client, method, url, body }));

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}x${Date.now() % 100_000}`;
/** A site code (2-8 letters or digits) no other race uses. */
const siteCode = () => `R${++serial}X${Date.now() % 1000}`.slice(0, 8);

async function totpEnabled(w: RaceWorld): Promise<TestClient> {
  const user = await w.freshUser();
  const { secret } = (await user.call('POST', '/api/auth/totp/setup').expect(200)).json as { secret: string };
  const code = await generate({ secret, epoch: Math.floor(w.t.clock.now().getTime() / 1000) });
  await user.call('POST', '/api/auth/totp/enable', { secret, code }).expect(200);
  return user;
}

async function withdrawn(w: RaceWorld): Promise<{ participantId: number; destructionId: number }> {
  const participant = await enrolled(w.site.nurse, w.site.siteId);
  const reply = await w.site.nurse
    .call('POST', `/api/participants/${participant.id}/withdrawal`, {
      date: '2026-03-02',
      requestedBy: 'participant',
      scope: 'destroy_data_and_samples',
    })
    .expect(201);
  return {
    participantId: participant.id,
    destructionId: (reply.json as { destruction: { id: number } }).destruction.id,
  };
}

/** A participant's SOFA-2 form of ICU day 2, saved once (version 1) and moved on through `steps`. */
async function formAt(w: RaceWorld, steps: readonly ('complete' | 'verify')[] = [], changes = {}) {
  const participant = await enrolled(w.site.nurse, w.site.siteId);
  const path = sofaDayPath(participant.id);
  const saved = await w.site.nurse.call('PUT', path, { version: 0, items: entries(changes) }).expect(200);
  let version = 1;
  for (const step of steps) {
    const client = step === 'verify' ? await roleAt(w, 'monitor') : w.site.nurse;
    await client.call('POST', `${path}/${step}`, { version }).expect(200);
    version += 1;
  }
  const queries = (saved.json as { queries: { id: number }[] }).queries;
  return { participantId: participant.id, path, version, queryId: queries[0]?.id };
}

/** A user with one role at the race site (`null`: at every site), with an API token. */
const roleAt = (w: RaceWorld, role: string, siteId: number | null = w.site.siteId) =>
  w.t.userWith([{ siteId, role }]).then(withToken);

const wonBy = (replies: Reply[]) => replies.findIndex((r) => r.status < 300);

/** A lab technician of the race site and `count` fresh plasma aliquots of a new participant's D0. */
async function freshAliquots(w: RaceWorld, count: number): Promise<{ lab: TestClient; aliquots: AliquotOf[] }> {
  const lab = await roleAt(w, 'lab_technician');
  const participant = await enrolled(w.site.nurse, w.site.siteId);
  await bloodDrawn(w.site.nurse, participant.id);
  return { lab, aliquots: aliquotsOf(await processed(lab, participant.id, [edtaTube(count)])) };
}

/** A site of its own for a shipment to go to. */
async function destination(w: RaceWorld): Promise<number> {
  const code = siteCode();
  const site = await w.t.admin.call('POST', '/api/sites', { code, name: `Central lab ${code}` }).expect(201);
  return (site.json as { id: number }).id;
}

/** A prepared shipment of one aliquot of the race site to a new site. */
async function preparedShipment(w: RaceWorld) {
  const { lab, aliquots } = await freshAliquots(w, 1);
  const toSiteId = await destination(w);
  const reply = await lab
    .call('POST', `/api/sites/${w.site.siteId}/shipments`, { toSiteId, aliquotIds: [aliquots[0]!.id] })
    .expect(201);
  return { lab, toSiteId, aliquot: aliquots[0]!, shipment: reply.json as { id: number; version: number } };
}

type Entry = { outcome: Outcome; race: (w: RaceWorld) => Promise<Race> };

export const races: Record<string, Entry> = {
  'POST /api/auth/sign-in': {
    outcome: { kind: 'each' },
    race: async (w) => {
      const user = await w.freshUser();
      return {
        requests: times(() => ({
          client: w.t.client(),
          method: 'POST',
          url: '/api/auth/sign-in',
          body: { username: user.username, password: strongPassword },
        })),
      };
    },
  },
  'POST /api/auth/sign-out': {
    outcome: { kind: 'once', refusals: [401] },
    race: async (w) => {
      const user = await w.freshUser();
      return {
        requests: same(user, 'POST', '/api/auth/sign-out'),
        settle: async () => void (await user.call('GET', '/api/auth/session').expect(401)),
      };
    },
  },
  'POST /api/auth/password': {
    outcome: { kind: 'once', refusals: [400, 401, 403] },
    race: async (w) => {
      const user = await w.freshUser();
      const passwords = times((i) => `staple horse ${i} correct battery ${unique('p')}`);
      return {
        requests: passwords.map((newPassword) => ({
          client: user,
          method: 'POST',
          url: '/api/auth/password',
          body: { currentPassword: strongPassword, newPassword },
        })),
        settle: async (replies) => {
          // The one password that was accepted is the one that works.
          const signIns = await Promise.all(passwords.map((p) => w.t.client().signIn(user.username, p)));
          expect(signIns.map((r) => r.status === 200)).toEqual(replies.map((r) => r.status === 200));
        },
      };
    },
  },
  'POST /api/auth/totp/setup': {
    outcome: { kind: 'each' },
    race: async (w) => ({ requests: same(await w.freshUser(), 'POST', '/api/auth/totp/setup') }),
  },
  'POST /api/auth/totp/enable': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const user = await w.freshUser();
      const { secret } = (await user.call('POST', '/api/auth/totp/setup').expect(200)).json as { secret: string };
      const code = await generate({ secret, epoch: Math.floor(w.t.clock.now().getTime() / 1000) });
      return { requests: same(user, 'POST', '/api/auth/totp/enable', { secret, code }) };
    },
  },
  'POST /api/auth/totp/disable': {
    outcome: { kind: 'once' },
    race: async (w) => ({
      requests: same(await totpEnabled(w), 'POST', '/api/auth/totp/disable', { password: strongPassword }),
    }),
  },
  'PATCH /api/me': {
    outcome: { kind: 'serial', chained: true },
    race: async (w) => {
      const user = await w.freshUser();
      return {
        requests: times((i) => ({ client: user, method: 'PATCH', url: '/api/me', body: { displayName: `Name ${i}` } })),
      };
    },
  },
  'POST /api/me/tokens': {
    outcome: { kind: 'each' },
    race: async (w) => ({ requests: same(await w.freshUser(), 'POST', '/api/me/tokens', { name: 'script' }) }),
  },
  'DELETE /api/me/tokens/:tokenId': {
    outcome: { kind: 'once', refusals: [404] },
    race: async (w) => {
      const user = await w.freshUser();
      const token = (await user.call('POST', '/api/me/tokens', { name: 'script' }).expect(201)).json as { id: number };
      return { requests: same(user, 'DELETE', `/api/me/tokens/${token.id}`) };
    },
  },
  'POST /api/sites': {
    outcome: { kind: 'once' },
    race: (w) => {
      const code = siteCode();
      return Promise.resolve({ requests: same(w.t.admin, 'POST', '/api/sites', { code, name: `Hospital ${code}` }) });
    },
  },
  'PATCH /api/sites/:siteId': {
    outcome: { kind: 'serial', chained: true },
    race: async (w) => {
      const code = siteCode();
      const site = (await w.t.admin.call('POST', '/api/sites', { code, name: 'Before' }).expect(201)).json as {
        id: number;
      };
      return {
        requests: times((i) => ({
          client: w.t.admin,
          method: 'PATCH',
          url: `/api/sites/${site.id}`,
          body: { name: `Hospital ${i}` },
        })),
      };
    },
  },
  'POST /api/users': {
    outcome: { kind: 'once' },
    race: (w) => {
      const body = {
        username: unique('racer'),
        displayName: 'Racer',
        memberships: [{ siteId: w.site.siteId, role: 'investigator' }],
      };
      return Promise.resolve({ requests: same(w.t.admin, 'POST', '/api/users', body) });
    },
  },
  'PATCH /api/users/:userId': {
    outcome: { kind: 'serial', chained: true },
    race: async (w) => {
      const user = await w.freshUser();
      return {
        requests: times((i) => ({
          client: w.t.admin,
          method: 'PATCH',
          url: `/api/users/${user.userId}`,
          body: { displayName: `Renamed ${i}` },
        })),
      };
    },
  },
  'PUT /api/users/:userId/roles': {
    outcome: { kind: 'serial', chained: true },
    race: async (w) => {
      const user = await w.freshUser();
      const roles = ['investigator', 'monitor', 'data_manager', 'site_coordinator'];
      return {
        requests: times((i) => ({
          client: w.t.admin,
          method: 'PUT',
          url: `/api/users/${user.userId}/roles`,
          body: { memberships: [{ siteId: w.site.siteId, role: roles[i % roles.length] }] },
        })),
      };
    },
  },
  'POST /api/users/:userId/password-reset': {
    outcome: { kind: 'serial' },
    race: async (w) => ({
      requests: same(w.t.admin, 'POST', `/api/users/${(await w.freshUser()).userId}/password-reset`),
    }),
  },
  'POST /api/users/:userId/totp-reset': {
    outcome: { kind: 'serial' },
    race: async (w) => ({
      requests: same(w.t.admin, 'POST', `/api/users/${(await totpEnabled(w)).userId}/totp-reset`),
    }),
  },
  'POST /api/users/:userId/unlock': {
    outcome: { kind: 'serial' },
    race: async (w) => ({ requests: same(w.t.admin, 'POST', `/api/users/${(await w.freshUser()).userId}/unlock`) }),
  },
  'POST /api/sites/:siteId/screenings': {
    outcome: { kind: 'each' },
    race: (w) =>
      Promise.resolve({
        requests: times(() => ({
          client: w.site.nurse,
          method: 'POST',
          url: `/api/sites/${w.site.siteId}/screenings`,
          body: screeningBody(),
        })),
      }),
  },
  'POST /api/screenings/:screeningId/outcome': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { screening } = await screen(w.site.nurse, w.site.siteId, screeningBody());
      return {
        requests: same(w.site.nurse, 'POST', `/api/screenings/${screening.id}/outcome`, { outcome: 'approached' }),
      };
    },
  },
  'POST /api/screenings/:screeningId/enrollment': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const hospitalNumber = unique('HN');
      const { screening } = await screen(w.site.nurse, w.site.siteId, screeningBody({ hospitalNumber }));
      const body = { identity: { name: 'Jan Jansen', hospitalNumber }, consent: deferredConsent };
      return {
        requests: same(w.site.nurse, 'POST', `/api/screenings/${screening.id}/enrollment`, body),
        settle: async () => {
          const list = await w.site.nurse.call('GET', `/api/sites/${w.site.siteId}/participants`).expect(200);
          const ofThisScreening = (list.json as { participants: { screeningId?: number }[] }).participants.filter(
            (p) => p.screeningId === screening.id,
          );
          expect(ofThisScreening.length).toBeLessThanOrEqual(1);
        },
      };
    },
  },
  'PUT /api/participants/:participantId/identity': {
    outcome: { kind: 'serial' },
    race: async (w) => {
      const hospitalNumber = unique('HN');
      const participant = await enrolled(w.site.nurse, w.site.siteId, { hospitalNumber });
      return {
        requests: times((i) => ({
          client: w.site.nurse,
          method: 'PUT',
          url: `/api/participants/${participant.id}/identity`,
          body: { name: `Renamed ${i}`, hospitalNumber },
        })),
      };
    },
  },
  'POST /api/participants/:participantId/consents': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { type: 'patient', decision: 'refused', date: '2026-03-02' };
      return { requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/consents`, body) };
    },
  },
  'POST /api/participants/:participantId/visits': {
    outcome: { kind: 'once', refusals: [400] },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { visit: 'D3', outcome: 'missed', missedReason: 'patient in theatre' };
      return { requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/visits`, body) };
    },
  },
  // Reading a bundle changes no data: each request proposes on its own and leaves its own audit entry.
  'POST /api/participants/:participantId/fhir-proposals': {
    outcome: { kind: 'each' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { bundle: { resourceType: 'Bundle', type: 'collection', entry: [] } };
      return { requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/fhir-proposals`, body) };
    },
  },
  'POST /api/participants/:participantId/events': {
    outcome: { kind: 'once', refusals: [400] },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { kind: 'lost_to_follow_up', date: '2026-03-02' };
      return {
        requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/events`, body),
        settle: async () => {
          const rows = await w.t.raw
            .selectFrom('clinical_events')
            .select('id')
            .where('participant_id', '=', participant.id)
            .execute();
          expect(rows).toHaveLength(1);
        },
      };
    },
  },
  'POST /api/participants/:participantId/withdrawal': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { date: '2026-03-02', requestedBy: 'participant', scope: 'destroy_data_and_samples' };
      return {
        requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/withdrawal`, body),
        settle: async () => {
          const pending = await w.t.raw
            .selectFrom('destructions')
            .select('id')
            .where('participant_id', '=', participant.id)
            .execute();
          expect(pending).toHaveLength(1);
        },
      };
    },
  },
  // Approvals and rejections of one request race each other: one decision, and the data match it.
  'POST /api/destructions/:destructionId/approve': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { participantId, destructionId } = await withdrawn(w);
      const url = (verb: string) => `/api/destructions/${destructionId}/${verb}`;
      return {
        requests: times((i) => ({
          client: w.site.investigator,
          method: 'POST',
          url: url(i % 2 === 0 ? 'approve' : 'reject'),
          body: { note: 'decided in a race' },
        })),
        settle: async (replies) => {
          const approved = wonBy(replies) % 2 === 0;
          const list = await w.site.nurse.call('GET', `/api/sites/${w.site.siteId}/destructions`).expect(200);
          const decided = (list.json as { destructions: { id: number; status: string }[] }).destructions.find(
            (d) => d.id === destructionId,
          );
          expect(decided?.status).toBe(approved ? 'carried_out' : 'rejected');
          await w.site.nurse.call('GET', `/api/participants/${participantId}`).expect(approved ? 404 : 200);
        },
      };
    },
  },
  'POST /api/destructions/:destructionId/reject': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { destructionId } = await withdrawn(w);
      const body = { note: 'not what the participant asked for' };
      return { requests: same(w.site.investigator, 'POST', `/api/destructions/${destructionId}/reject`, body) };
    },
  },
  'PUT /api/participants/:participantId/forms/:form/:slot': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      // Four first saves of one form, each with other values: one creates it, the others are told it changed.
      return {
        requests: times((i) => ({
          client: w.site.nurse,
          method: 'PUT',
          url: sofaDayPath(participant.id),
          body: { version: 0, items: entries({ gcs: 10 + i }) },
        })),
      };
    },
  },
  'POST /api/participants/:participantId/forms/:form/:slot/complete': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { path, version } = await formAt(w);
      return { requests: same(w.site.nurse, 'POST', `${path}/complete`, { version }) };
    },
  },
  'POST /api/participants/:participantId/forms/:form/:slot/verify': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { path, version } = await formAt(w, ['complete']);
      return { requests: same(await roleAt(w, 'monitor'), 'POST', `${path}/verify`, { version }) };
    },
  },
  'POST /api/participants/:participantId/forms/:form/:slot/sign': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { path, version } = await formAt(w, ['complete', 'verify']);
      const body = { version, password: strongPassword };
      return { requests: same(await roleAt(w, 'investigator'), 'POST', `${path}/sign`, body) };
    },
  },
  'PUT /api/participants/:participantId/forms/:form/:slot/lock': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { path, version } = await formAt(w);
      return { requests: same(await roleAt(w, 'data_manager'), 'PUT', `${path}/lock`, { version, locked: true }) };
    },
  },
  'POST /api/participants/:participantId/forms/:form/:slot/queries': {
    outcome: { kind: 'each' },
    race: async (w) => {
      const { path } = await formAt(w);
      const body = { item: 'gcs', text: 'Is 13 what the chart says?' };
      return { requests: same(await roleAt(w, 'monitor'), 'POST', `${path}/queries`, body) };
    },
  },
  'PUT /api/participants/:participantId/lock': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      const body = { locked: true, reason: 'cleaned' };
      return {
        requests: same(await roleAt(w, 'data_manager'), 'PUT', `/api/participants/${participant.id}/lock`, body),
      };
    },
  },
  'PUT /api/sites/:siteId/lock': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const code = siteCode();
      const site = (await w.t.admin.call('POST', '/api/sites', { code, name: `Hospital ${code}` }).expect(201))
        .json as { id: number };
      const body = { locked: true, reason: 'site closed' };
      return { requests: same(await roleAt(w, 'data_manager', null), 'PUT', `/api/sites/${site.id}/lock`, body) };
    },
  },
  'PUT /api/study/lock': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const manager = await roleAt(w, 'data_manager', null);
      return {
        requests: same(manager, 'PUT', '/api/study/lock', { locked: true, reason: 'database lock' }),
        // The races after this one enter data again.
        settle: async () => {
          await manager.call('PUT', '/api/study/lock', { locked: false, reason: 'race over' }).expect(200);
        },
      };
    },
  },
  'POST /api/queries/:queryId/answer': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { queryId } = await formAt(w, [], { map_mmhg: 160 });
      return { requests: same(w.site.nurse, 'POST', `/api/queries/${queryId}/answer`, { text: 'Confirmed' }) };
    },
  },
  'POST /api/queries/:queryId/close': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { queryId } = await formAt(w, [], { map_mmhg: 160 });
      return { requests: same(await roleAt(w, 'monitor'), 'POST', `/api/queries/${queryId}/close`, {}) };
    },
  },
  'POST /api/queries/:queryId/reopen': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { queryId } = await formAt(w, [], { map_mmhg: 160 });
      const monitor = await roleAt(w, 'monitor');
      await monitor.call('POST', `/api/queries/${queryId}/close`, {}).expect(200);
      return { requests: same(monitor, 'POST', `/api/queries/${queryId}/reopen`, { text: 'Please look again' }) };
    },
  },
  'PUT /api/queries/:queryId/assignee': {
    outcome: { kind: 'serial' },
    race: async (w) => {
      const { queryId } = await formAt(w, [], { map_mmhg: 160 });
      const body = { userId: w.site.nurse.userId };
      return { requests: same(await roleAt(w, 'monitor'), 'PUT', `/api/queries/${queryId}/assignee`, body) };
    },
  },
  // The visit drew two EDTA tubes: four requests to process both, one gets them, the others find none left.
  'POST /api/participants/:participantId/samples/:visit': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const participant = await enrolled(w.site.nurse, w.site.siteId);
      await bloodDrawn(w.site.nurse, participant.id);
      const body = { tubes: [edtaTube(1), edtaTube(1)] };
      return { requests: same(w.site.nurse, 'POST', `/api/participants/${participant.id}/samples/D0`, body) };
    },
  },
  'POST /api/sites/:siteId/freezers': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const body = { name: unique('Freezer '), kind: 'minus80' };
      return {
        requests: same(await roleAt(w, 'lab_technician'), 'POST', `/api/sites/${w.site.siteId}/freezers`, body),
      };
    },
  },
  'POST /api/freezers/:freezerId/racks': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const lab = await roleAt(w, 'lab_technician');
      const { freezerId } = await storageBox(lab, w.site.siteId, unique('r'));
      return { requests: same(lab, 'POST', `/api/freezers/${freezerId}/racks`, { name: 'Rack Z', kind: 'rack' }) };
    },
  },
  'POST /api/racks/:rackId/boxes': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const lab = await roleAt(w, 'lab_technician');
      const { rackId } = await storageBox(lab, w.site.siteId, unique('b'));
      const body = { name: 'Box Z', barcode: unique('BOX'), rows: 9, columns: 9 };
      return { requests: same(lab, 'POST', `/api/racks/${rackId}/boxes`, body) };
    },
  },
  // Four aliquots for one position: the unique index over box positions lets one in.
  'PUT /api/aliquots/:aliquotId/position': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, concurrentRequests);
      const { box } = await storageBox(lab, w.site.siteId, unique('p'));
      return {
        requests: aliquots.map((a) => ({
          client: lab,
          method: 'PUT',
          url: `/api/aliquots/${a.id}/position`,
          body: { version: a.version, boxId: box.id, position: 'B2' },
        })),
        settle: async () => {
          const held = await w.t.raw.selectFrom('aliquots').select('id').where('box_id', '=', box.id).execute();
          expect(held).toHaveLength(1);
        },
      };
    },
  },
  // Four files, each with another aliquot at A1: the box is claimed, the first load wins, the others find A1 taken.
  'POST /api/boxes/:boxId/load': {
    outcome: { kind: 'once', refusals: [400] },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, concurrentRequests);
      const { box } = await storageBox(lab, w.site.siteId, unique('l'));
      return {
        requests: aliquots.map((a) => ({
          client: lab,
          method: 'POST',
          url: `/api/boxes/${box.id}/load`,
          body: { content: `${a.barcode};A1` },
        })),
      };
    },
  },
  'POST /api/aliquots/:aliquotId/thaw': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, 1);
      const [a] = aliquots as [AliquotOf];
      return { requests: same(lab, 'POST', `/api/aliquots/${a.id}/thaw`, { version: a.version }) };
    },
  },
  'POST /api/aliquots/:aliquotId/use': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, 1);
      const [a] = aliquots as [AliquotOf];
      return { requests: same(lab, 'POST', `/api/aliquots/${a.id}/use`, { version: a.version, assay: 'ELISA' }) };
    },
  },
  // Four shipments of one aliquot: it goes in one of them.
  'POST /api/sites/:siteId/shipments': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, 1);
      const body = { toSiteId: await destination(w), aliquotIds: [aliquots[0]!.id] };
      return { requests: same(lab, 'POST', `/api/sites/${w.site.siteId}/shipments`, body) };
    },
  },
  'POST /api/shipments/:shipmentId/send': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, shipment } = await preparedShipment(w);
      return { requests: same(lab, 'POST', `/api/shipments/${shipment.id}/send`, { version: shipment.version }) };
    },
  },
  'POST /api/shipments/:shipmentId/receive': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, toSiteId, aliquot, shipment } = await preparedShipment(w);
      const sent = await lab
        .call('POST', `/api/shipments/${shipment.id}/send`, { version: shipment.version })
        .expect(200);
      const body = {
        version: (sent.json as { version: number }).version,
        items: [{ aliquotId: aliquot.id, receipt: 'received' }],
      };
      const receiver = await roleAt(w, 'lab_technician', toSiteId);
      return { requests: same(receiver, 'POST', `/api/shipments/${shipment.id}/receive`, body) };
    },
  },
  'POST /api/destruction-tasks/:taskId/done': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const { lab, aliquots } = await freshAliquots(w, 1);
      const participantId = (
        await w.t.raw
          .selectFrom('aliquots')
          .select('participant_id')
          .where('id', '=', aliquots[0]!.id)
          .executeTakeFirstOrThrow()
      ).participant_id!;
      const withdrawal = { date: '2026-03-02', requestedBy: 'participant', scope: 'destroy_samples' };
      const reply = await w.site.nurse
        .call('POST', `/api/participants/${participantId}/withdrawal`, withdrawal)
        .expect(201);
      const destructionId = (reply.json as { destruction: { id: number } }).destruction.id;
      await w.site.investigator.call('POST', `/api/destructions/${destructionId}/approve`, {}).expect(200);
      const task = await w.t.raw
        .selectFrom('destruction_tasks')
        .select(['id', 'version'])
        .where('aliquot_id', '=', aliquots[0]!.id)
        .executeTakeFirstOrThrow();
      return { requests: same(lab, 'POST', `/api/destruction-tasks/${task.id}/done`, { version: task.version }) };
    },
  },
  'POST /api/assays': {
    outcome: { kind: 'once', refusals: [409] },
    race: async (w) => {
      const lab = await roleAt(w, 'lab_technician', null);
      const code = unique('race-assay-').toLowerCase();
      const body = { code, name: 'Race assay', platform: 'elisa', sampleType: 'serum', analytes: [raceAnalyte(code)] };
      await lab.call('POST', '/api/assays', body).expect(201);
      // The same next version, four times: one is stored, the others find it there (or lose the unique version).
      return { requests: same(lab, 'POST', '/api/assays', { ...body, name: 'Race assay, version 2' }) };
    },
  },
  'PUT /api/lab-mappings': {
    outcome: { kind: 'serial' },
    race: async (w) => {
      const lab = await roleAt(w, 'lab_technician');
      const name = unique('Race lab ');
      return {
        requests: times((i) => ({
          client: lab,
          method: 'PUT',
          url: '/api/lab-mappings',
          body: { lab: name, format: 'long', columns: { sample: `Buis ${i}` }, analytes: {}, assay: null },
        })),
      };
    },
  },
  'POST /api/lab-imports/preview': {
    outcome: { kind: 'each' },
    race: async (w) => {
      const lab = await roleAt(w, 'lab_technician');
      const content = base64('Sample;Analyte;Value;Unit\nX;IL-6;1,5;pg/mL\n');
      return { requests: same(lab, 'POST', '/api/lab-imports/preview', { format: 'long', content }) };
    },
  },
  'POST /api/lab-imports': {
    outcome: { kind: 'once', refusals: [409] },
    race: async (w) => {
      const { lab, plasma } = await labSamples(w);
      const content = base64(`Sample,Analyte,Value,Unit\n${plasma},IL-6,${++serial},pg/mL\n${plasma},TNF,2,pg/mL\n`);
      return { requests: same(lab, 'POST', '/api/lab-imports', { format: 'long', content }) };
    },
  },
  'POST /api/lab-results/:resultId/correction': {
    outcome: { kind: 'once', refusals: [409] },
    race: async (w) => {
      const { lab, plasma, participantId } = await labSamples(w);
      const content = base64(`Sample,Analyte,Value,Unit\n${plasma},IL-10,12,pg/mL\n`);
      await lab.call('POST', '/api/lab-imports', { format: 'long', content }).expect(201);
      const results = await lab.call('GET', `/api/participants/${participantId}/results?analyte=il10`).expect(200);
      const resultId = (results.json as { id: number }[])[0]!.id;
      const body = { value: 14, unit: 'pg/mL', qualifier: null, reason: 'race' };
      return { requests: same(lab, 'POST', `/api/lab-results/${resultId}/correction`, body) };
    },
  },
  'POST /api/hladr-calibrations': {
    // Each run is stored; runs measuring one sample at once become its versions, one after the other.
    outcome: { kind: 'each' },
    race: async (w) => {
      const { lab, edta } = await labSamples(w);
      const body = {
        runLabel: 'race run',
        acquiredOn: '2026-03-02',
        beadLot: 'race lot',
        beads: referenceBeads,
        samples: [{ barcode: edta, mfi: 4000 }],
      };
      return {
        requests: same(lab, 'POST', '/api/hladr-calibrations', body),
        settle: async () => {
          const versions = await w.t.raw
            .selectFrom('lab_results')
            .select(['result_version', 'current'])
            .where('sample_barcode', '=', edta)
            .orderBy('result_version')
            .execute();
          expect(versions.map((v) => [Number(v.result_version), Number(v.current)])).toEqual([
            [1, 0],
            [2, 0],
            [3, 0],
            [4, 1],
          ]);
        },
      };
    },
  },
  // Every start records a run of its own (the runs then compute on workers; `settle` waits for them to end).
  'POST /api/analysis/runs': {
    outcome: { kind: 'each' },
    race: async (w) => {
      const investigator = await analysable(w);
      return {
        requests: same(investigator, 'POST', '/api/analysis/runs', smallRun(3000)),
        settle: async (replies) => {
          for (const reply of replies) await ended(investigator, (reply.json as { runId: string }).runId);
        },
      };
    },
  },
  'POST /api/analysis/runs/:runId/cancel': {
    outcome: { kind: 'once' },
    race: async (w) => {
      const investigator = await analysable(w);
      const started = await investigator.call('POST', '/api/analysis/runs', smallRun(5000)).expect(201);
      const { runId } = started.json as { runId: string };
      return { requests: same(investigator, 'POST', `/api/analysis/runs/${runId}/cancel`) };
    },
  },
};

/** A lab technician of the race site and a new participant's processed D0: a plasma aliquot and the EDTA tube. */
async function labSamples(w: RaceWorld) {
  const lab = await roleAt(w, 'lab_technician');
  const participantId = (await enrolled(w.site.nurse, w.site.siteId)).id;
  const samples = await processedVisit(w.site.nurse, participantId);
  return { lab, participantId, plasma: samples.aliquots.plasma![0]!, edta: samples.tubes.EDTA![0]! };
}

function raceAnalyte(assayCode: string) {
  const code = assayCode.replace(/[^a-z0-9]/g, '_');
  return {
    code,
    name: code,
    unit: 'ng/mL',
    conversions: [],
    lod: null,
    lloq: null,
    uloq: null,
    loinc: null,
    aliases: [],
  };
}

/** A run a few D0 samples can carry: two markers, k = 2; many resamples keep it running for a while. */
const smallRun = (resamples: number) => ({ seed: 1, panel: ['il6', 'crp'], kRange: [2, 2], resamples });

/**
 * Three new participants of the race site with D0 results of IL-6 and CRP (written directly: the races are
 * about the runs, not the imports), and an investigator of the site, who may run analyses over it.
 */
async function analysable(w: RaceWorld): Promise<TestClient> {
  // Reading the catalogue seeds it (the study's assays) on a new database.
  await w.site.nurse.call('GET', '/api/assays').expect(200);
  const assay = await w.t.raw.selectFrom('assays').select('id').orderBy('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 3; i++) {
    const participant = await enrolled(w.site.nurse, w.site.siteId);
    for (const [analyte, value, unit] of [
      ['il6', 100 + 50 * i, 'pg/mL'],
      ['crp', 80 + 40 * i, 'mg/L'],
    ] as const) {
      await w.t.raw
        .insertInto('lab_results')
        .values({
          site_id: w.site.siteId,
          participant_id: participant.id,
          visit_code: 'D0',
          tube_id: null,
          aliquot_id: null,
          sample_barcode: `RACE${participant.id}`,
          assay_id: assay.id,
          analyte,
          value,
          unit,
          entered_value: null,
          entered_unit: null,
          qualifier: null,
          lod: null,
          plate: null,
          qc: null,
          calibration_id: null,
          import_id: null,
          result_version: 1,
          current: 1,
          reason: null,
          created_by: null,
          created_at: '2026-03-02T09:00:00.000Z',
        })
        .execute();
    }
  }
  return roleAt(w, 'investigator');
}

/** Waits until a run has ended, so that no worker outlives the test. */
async function ended(client: TestClient, runId: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = (await client.call('GET', `/api/analysis/runs/${runId}`).expect(200)).json as { status: string };
    if (run.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`analysis run ${runId} did not end`);
}
