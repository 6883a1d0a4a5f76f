import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { startTestApp, strongPassword, type TestApp } from '../support/test-app.ts';
import { errorOf } from '../support/test-client.ts';

describe.each(engines)('administration on $name', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('creates sites and users with a role per site, and audits each step with before and after', async () => {
    const nij = (await t.admin.call('POST', '/api/sites', { code: 'nij', name: 'Radboudumc Nijmegen' }).expect(201))
      .json as { id: number; code: string; timeZone: string };
    expect(nij).toMatchObject({ code: 'NIJ', timeZone: 'Europe/Amsterdam' });
    const ams = (
      await t.admin
        .call('POST', '/api/sites', { code: 'AMS', name: 'Second hospital', timeZone: 'Europe/Amsterdam' })
        .expect(201)
    ).json as { id: number };

    const created = await t.admin
      .call('POST', '/api/users', {
        username: 'J.Jansen',
        displayName: 'Joke Jansen',
        email: 'joke@example.org',
        memberships: [
          { siteId: nij.id, role: 'site_coordinator' },
          { siteId: ams.id, role: 'monitor' },
        ],
      })
      .expect(201);
    const body = created.json as {
      user: { id: number; username: string; mustChangePassword: boolean };
      oneTimePassword: string;
    };
    expect(body.user).toMatchObject({ username: 'j.jansen', mustChangePassword: true });
    expect(body.oneTimePassword).toHaveLength(20);

    const log = (await t.admin.call('GET', '/api/security-log').expect(200)).json as {
      entries: { action: string; entityId: string; after: unknown }[];
    };
    const roleChange = log.entries.find(
      (e) => e.action === 'security.roles_changed' && e.entityId === String(body.user.id),
    );
    expect(roleChange?.after).toEqual([
      { siteId: nij.id, role: 'site_coordinator' },
      { siteId: ams.id, role: 'monitor' },
    ]);
    const trail = (await t.admin.call('GET', `/api/sites/${nij.id}/audit`).expect(200)).json as {
      entries: { action: string; actor: string }[];
    };
    expect(trail.entries.map((e) => e.action)).toContain('site.created');

    // The user sees both sites, with the coordinator's rights at one and the monitor's at the other.
    const user = t.client();
    await user.signIn('j.jansen', body.oneTimePassword);
    await user
      .call('POST', '/api/auth/password', { currentPassword: body.oneTimePassword, newPassword: strongPassword })
      .expect(200);
    const sites = (await user.call('GET', '/api/sites').expect(200)).json as { sites: { code: string }[] };
    expect(sites.sites.map((s) => s.code)).toEqual(['AMS', 'NIJ']);
    expect((await user.call('GET', `/api/sites/${ams.id}/audit`)).status).toBe(200);
    expect(errorOf(await user.call('GET', `/api/sites/${nij.id}/audit`)).code).toBe('not_found');
  });

  it('refuses a duplicate user name and a role at a site that does not exist', async () => {
    await t.admin
      .call('POST', '/api/users', {
        username: 'dup',
        displayName: 'A',
        memberships: [{ siteId: null, role: 'monitor' }],
      })
      .expect(201);
    expect(
      errorOf(
        await t.admin.call('POST', '/api/users', {
          username: 'DUP',
          displayName: 'B',
          memberships: [{ siteId: null, role: 'monitor' }],
        }),
      ),
    ).toMatchObject({ code: 'conflict', field: 'username' });
    expect(
      errorOf(
        await t.admin.call('POST', '/api/users', {
          username: 'ghost',
          displayName: 'G',
          memberships: [{ siteId: 9999, role: 'monitor' }],
        }),
      ),
    ).toMatchObject({ code: 'invalid_input', field: 'memberships.0.siteId' });
    expect(
      errorOf(await t.admin.call('POST', '/api/users', { username: 'norole', displayName: 'N', memberships: [] })),
    ).toMatchObject({ code: 'invalid_input', field: 'memberships' });
    expect(
      errorOf(
        await t.admin.call('POST', '/api/users', {
          username: 'badrole',
          displayName: 'N',
          memberships: [{ siteId: null, role: 'janitor' }],
        }),
      ),
    ).toMatchObject({ code: 'invalid_input', field: 'memberships.0.role' });
  });

  const adminId = async () => {
    const users = (await t.admin.call('GET', '/api/users').expect(200)).json as {
      users: { id: number; username: string }[];
    };
    return users.users.find((u) => u.username === 'admin')!.id;
  };

  it('does not let administrators change their own roles or disable themselves: another administrator must', async () => {
    const id = await adminId();
    const ownRoles = await t.admin.call('PUT', `/api/users/${id}/roles`, {
      memberships: [
        { siteId: null, role: 'administrator' },
        { siteId: null, role: 'investigator' },
      ],
    });
    expect(ownRoles.status).toBe(403);
    expect(errorOf(ownRoles)).toMatchObject({ code: 'forbidden', key: 'users.notYourOwnRoles' });
    const disableSelf = await t.admin.call('PATCH', `/api/users/${id}`, { disabled: true });
    expect(errorOf(disableSelf)).toMatchObject({ code: 'forbidden', key: 'users.notYourself', field: 'disabled' });

    // A second administrator may, and the security log names who did it.
    const second = await t.userWith([{ siteId: null, role: 'administrator' }]);
    const changed = await second
      .call('PUT', `/api/users/${id}/roles`, {
        memberships: [
          { siteId: null, role: 'administrator' },
          { siteId: null, role: 'investigator' },
        ],
        reason: 'runs the Nijmegen site as well',
      })
      .expect(200);
    expect((changed.json as { memberships: unknown[] }).memberships).toHaveLength(2);
    const log = (await t.admin.call('GET', '/api/security-log').expect(200)).json as {
      entries: { action: string; actor: string; entityId: string; reason: string | null }[];
    };
    expect(log.entries.find((e) => e.action === 'security.roles_changed' && e.entityId === String(id))).toMatchObject({
      actor: second.username,
      reason: 'runs the Nijmegen site as well',
    });
    await second
      .call('PUT', `/api/users/${id}/roles`, { memberships: [{ siteId: null, role: 'administrator' }] })
      .expect(200);
    await t.admin
      .call('PUT', `/api/users/${second.userId}/roles`, { memberships: [{ siteId: null, role: 'monitor' }] })
      .expect(200);
  });

  it('keeps at least one active administrator for all sites, also when two demote each other at once', async () => {
    const bootstrap = await adminId();
    const first = await t.userWith([{ siteId: null, role: 'administrator' }]);
    const second = await t.userWith([{ siteId: null, role: 'administrator' }]);
    // The bootstrap administrator steps aside, through another administrator: two are left.
    await first
      .call('PUT', `/api/users/${bootstrap}/roles`, { memberships: [{ siteId: null, role: 'monitor' }] })
      .expect(200);
    const demote = (by: typeof first, whom: typeof first) =>
      by.call('PUT', `/api/users/${whom.userId}/roles`, { memberships: [{ siteId: null, role: 'monitor' }] });
    const answers = await Promise.all([demote(first, second), demote(second, first)]);
    // One wins. The other either still counted as an administrator and finds it would leave none (409), or was
    // already demoted when its request came in (403).
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const lost = answers.find((a) => a.status !== 200)!;
    expect(['users.lastAdministrator', 'access.notEverywhere', 'access.notAllowed']).toContain(errorOf(lost).key);
    // The one left restores the bootstrap administrator for the tests that follow.
    const left = answers[0].status === 200 ? first : second;
    await left
      .call('PUT', `/api/users/${bootstrap}/roles`, { memberships: [{ siteId: null, role: 'administrator' }] })
      .expect(200);
  });

  it('resets a password (sessions end, a new one-time password must be changed) and unlocks an account', async () => {
    const user = await t.userWith([{ siteId: null, role: 'statistician' }]);
    for (let i = 0; i < 10; i += 1) await t.client().signIn(user.username, 'wrong password 000');
    expect((await t.client().signIn(user.username, strongPassword)).status).toBe(401);
    const locked = (await t.admin.call('GET', `/api/users/${user.userId}`).expect(200)).json as {
      lockedUntil: string | null;
    };
    expect(locked.lockedUntil).not.toBeNull();
    const unlocked = (await t.admin.call('POST', `/api/users/${user.userId}/unlock`).expect(200)).json as {
      lockedUntil: string | null;
    };
    expect(unlocked.lockedUntil).toBeNull();
    expect((await t.client().signIn(user.username, strongPassword)).status).toBe(200);

    const reset = (await t.admin.call('POST', `/api/users/${user.userId}/password-reset`).expect(200)).json as {
      oneTimePassword: string;
    };
    expect((await user.call('GET', '/api/auth/session')).status).toBe(401);
    const again = t.client();
    await again.signIn(user.username, reset.oneTimePassword);
    expect(errorOf(await again.call('GET', '/api/sites')).code).toBe('password_change_required');
  });

  it('lets non-administrators do none of this', async () => {
    const investigator = await t.userWith([{ siteId: null, role: 'investigator' }]);
    expect(errorOf(await investigator.call('GET', '/api/users')).code).toBe('forbidden');
    expect(errorOf(await investigator.call('POST', '/api/sites', { code: 'NOPE', name: 'No' })).code).toBe('forbidden');
    expect(errorOf(await investigator.call('GET', '/api/security-log')).code).toBe('forbidden');
  });

  it('reports health to anyone (database reachable, migrations current), and the version to signed-in users', async () => {
    const health = await t.client().call('GET', '/api/health').expect(200);
    expect(health.json).toMatchObject({
      status: 'ok',
      database: { engine: engine.name, reachable: true, migrationsCurrent: true },
    });
    expect(health.json).not.toHaveProperty('version');
    const signedIn = await t.admin.call('GET', '/api/health').expect(200);
    expect(signedIn.json).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+/) });
    // A stale or made-up credential is no one: the probe still gets its answer.
    const stranger = t.client().useToken('sept_not-a-token');
    expect((await stranger.call('GET', '/api/health').expect(200)).json).not.toHaveProperty('version');
  });

  it('publishes the OpenAPI description with every route, to signed-in users only', async () => {
    for (const url of ['/api/docs/json', '/api/docs/yaml', '/api/docs']) {
      const anonymous = await t.client().call('GET', url);
      expect(anonymous.status, url).toBe(401);
      expect(errorOf(anonymous).code, url).toBe('unauthenticated');
    }
    await t.admin.call('GET', '/api/docs').expect(200);
    const spec = (await t.admin.call('GET', '/api/docs/json').expect(200)).json as {
      paths: Record<string, unknown>;
    };
    for (const route of t.app.apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(spec.paths[path], path).toBeDefined();
    }
  });

  it('sends security headers', async () => {
    const reply = await t.client().call('GET', '/api/health');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['x-frame-options']).toBeDefined();
  });
});
