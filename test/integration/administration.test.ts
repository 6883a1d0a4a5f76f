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

  it('keeps at least one active administrator for all sites', async () => {
    const users = (await t.admin.call('GET', '/api/users').expect(200)).json as {
      users: { id: number; username: string }[];
    };
    const adminId = users.users.find((u) => u.username === 'admin')!.id;
    expect(
      errorOf(
        await t.admin.call('PUT', `/api/users/${adminId}/roles`, { memberships: [{ siteId: null, role: 'monitor' }] }),
      ).code,
    ).toBe('conflict');
    expect(errorOf(await t.admin.call('PATCH', `/api/users/${adminId}`, { disabled: true })).code).toBe('conflict');
  });

  it('resets a password (sessions end, a new one-time password must be changed) and unlocks an account', async () => {
    const user = await t.userWith([{ siteId: null, role: 'statistician' }]);
    for (let i = 0; i < 10; i += 1) await t.client().signIn(user.username, 'wrong password 000');
    expect(errorOf(await t.client().signIn(user.username, strongPassword)).code).toBe('account_locked');
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

  it('reports health: database reachable, migrations current, version', async () => {
    const health = await t.client().call('GET', '/api/health').expect(200);
    expect(health.json).toMatchObject({
      status: 'ok',
      database: { engine: engine.name, reachable: true, migrationsCurrent: true },
    });
  });

  it('publishes the OpenAPI description with every route', async () => {
    const spec = (await t.client().call('GET', '/api/docs/json').expect(200)).json as {
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
