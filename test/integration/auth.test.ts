import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutes } from '../../src/core/clock.ts';
import { sealPlainTotpSecrets } from '../../src/features/auth/repo.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, strongPassword, testDataKey, type TestApp } from '../support/test-app.ts';
import { errorOf } from '../support/test-client.ts';

describe.each(engines)('authentication on $name', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const securityActions = async () =>
    (
      (await t.admin.call('GET', '/api/security-log?limit=500').expect(200)).json as {
        entries: { action: string; actor: string }[];
      }
    ).entries;

  it('locks an account for 15 minutes after 10 failed sign-ins, even with the right password', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const client = t.client();
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const reply = await client.signIn(user.username, 'wrong password 123');
      expect(reply.status).toBe(401);
    }
    const locked = await client.signIn(user.username, strongPassword);
    expect(locked.status).toBe(423);
    expect(errorOf(locked).code).toBe('account_locked');
    const log = await securityActions();
    expect(log.filter((e) => e.actor === user.username && e.action === 'security.lockout')).toHaveLength(1);
    expect(log.filter((e) => e.actor === user.username && e.action === 'security.sign_in_failed')).toHaveLength(10);

    t.clock.advance(minutes(14));
    expect((await client.signIn(user.username, strongPassword)).status).toBe(423);
    t.clock.advance(minutes(1) + 1000);
    expect((await client.signIn(user.username, strongPassword)).status).toBe(200);
  });

  it('does not lock after 9 failures, and a success resets the count', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const client = t.client();
    for (let i = 0; i < 9; i += 1) expect((await client.signIn(user.username, 'wrong password 123')).status).toBe(401);
    expect((await client.signIn(user.username, strongPassword)).status).toBe(200);
    for (let i = 0; i < 9; i += 1) expect((await client.signIn(user.username, 'wrong password 123')).status).toBe(401);
    expect((await client.signIn(user.username, strongPassword)).status).toBe(200);
  });

  it('gives the same answer for an unknown user name as for a wrong password', async () => {
    const unknown = await t.client().signIn('nobody-here', 'whatever password');
    const wrong = await t.client().signIn('admin', 'whatever password');
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown)).toEqual(errorOf(wrong));
  });

  it('ends a session after 30 idle minutes, and keeps it while it is used', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    t.clock.advance(minutes(29));
    await user.call('GET', '/api/auth/session').expect(200);
    t.clock.advance(minutes(29));
    await user.call('GET', '/api/auth/session').expect(200);
    t.clock.advance(minutes(30) + 1000);
    const expired = await user.call('GET', '/api/auth/session');
    expect(expired.status).toBe(401);
    expect(errorOf(expired).code).toBe('session_expired');
    // The session is gone for good, not only for that request.
    t.clock.advance(-minutes(31));
    expect(errorOf(await user.call('GET', '/api/auth/session')).code).toBe('unauthenticated');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    for (let i = 0; i < 23; i += 1) {
      t.clock.advance(minutes(30));
      await user.call('GET', '/api/auth/session').expect(200);
    }
    t.clock.advance(minutes(20));
    await user.call('GET', '/api/auth/session').expect(200);
    t.clock.advance(minutes(10) + 1000);
    const expired = await user.call('GET', '/api/auth/session');
    expect(errorOf(expired).code).toBe('session_expired');
    expect(errorOf(expired).message).toContain('12 hours');
  });

  it('refuses a state-changing request without the CSRF token, and with a wrong one', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const without = await user.call('PATCH', '/api/me', { displayName: 'Changed' }, { csrf: false });
    expect(without.status).toBe(403);
    expect(errorOf(without).code).toBe('csrf_failed');
    const wrong = await user.call(
      'PATCH',
      '/api/me',
      { displayName: 'Changed' },
      { csrf: false, headers: { 'x-csrf-token': 'forged' } },
    );
    expect(errorOf(wrong).code).toBe('csrf_failed');
    const session = (await user.call('GET', '/api/auth/session').expect(200)).json as { user: { displayName: string } };
    expect(session.user.displayName).not.toBe('Changed');
    await user.call('PATCH', '/api/me', { displayName: 'Changed' }).expect(200);
  });

  it('requires the initial password to be changed before anything else', async () => {
    const created = await t.admin
      .call('POST', '/api/users', {
        username: 'newcomer',
        displayName: 'New',
        memberships: [{ siteId: null, role: 'monitor' }],
      })
      .expect(201);
    const oneTime = (created.json as { oneTimePassword: string }).oneTimePassword;
    const client = t.client();
    await client.signIn('newcomer', oneTime);
    const blocked = await client.call('GET', '/api/sites');
    expect(errorOf(blocked).code).toBe('password_change_required');
    const short = await client.call('POST', '/api/auth/password', { currentPassword: oneTime, newPassword: 'short' });
    expect(errorOf(short)).toMatchObject({ code: 'invalid_input', field: 'newPassword' });
    const withName = await client.call('POST', '/api/auth/password', {
      currentPassword: oneTime,
      newPassword: 'my name is NEWCOMER ok',
    });
    expect(errorOf(withName).message).toContain('user name');
    await client
      .call('POST', '/api/auth/password', { currentPassword: oneTime, newPassword: strongPassword })
      .expect(200);
    await client.call('GET', '/api/sites').expect(200);
  });

  it('asks for the TOTP code when a second factor is set up, and rejects a wrong one', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const setup = (await user.call('POST', '/api/auth/totp/setup').expect(200)).json as {
      secret: string;
      otpauthUri: string;
    };
    expect(setup.otpauthUri).toContain('otpauth://totp/');
    const epoch = Math.floor(t.clock.now().getTime() / 1000);
    const code = await generate({ secret: setup.secret, epoch });
    await user.call('POST', '/api/auth/totp/enable', { secret: setup.secret, code }).expect(200);

    const client = t.client();
    const first = await client.signIn(user.username, strongPassword);
    expect(errorOf(first)).toMatchObject({ code: 'totp_required', field: 'totpCode' });
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect(errorOf(await client.signIn(user.username, strongPassword, wrongCode)).code).toBe('unauthenticated');
    expect((await client.signIn(user.username, strongPassword, code)).status).toBe(200);

    // Stored sealed with the data key, never as the secret itself.
    const stored = await t.database.kysely
      .selectFrom('users')
      .select('totp_secret')
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(setup.secret);

    // A database from before sealing: the plain secret is sealed at start-up, and sign-in still works.
    await t.database.kysely
      .updateTable('users')
      .set({ totp_secret: setup.secret })
      .where('id', '=', user.userId)
      .execute();
    expect(await sealPlainTotpSecrets(t.database.kysely, testDataKey)).toBe(1);
    expect(await sealPlainTotpSecrets(t.database.kysely, testDataKey)).toBe(0);
    expect((await t.client().signIn(user.username, strongPassword, code)).status).toBe(200);
  });

  it('issues personal API tokens that are shown once, carry the user rights, and stop working when revoked', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const created = (await user.call('POST', '/api/me/tokens', { name: 'R analysis' }).expect(201)).json as {
      id: number;
      token: string;
    };
    expect(created.token).toMatch(/^sept_/);
    const listed = (await user.call('GET', '/api/me/tokens').expect(200)).json as { tokens: Record<string, unknown>[] };
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const script = t.client().useToken(created.token);
    await script.call('GET', '/api/sites').expect(200);
    // No CSRF token needed for a bearer token, but its rights are the user's: a monitor cannot add sites.
    expect(errorOf(await script.call('POST', '/api/sites', { code: 'TOK', name: 'Token site' })).code).toBe(
      'forbidden',
    );
    // A token cannot mint more tokens.
    expect(errorOf(await script.call('POST', '/api/me/tokens', { name: 'more' })).code).toBe('forbidden');

    await user.call('DELETE', `/api/me/tokens/${created.id}`).expect(200);
    expect(errorOf(await script.call('GET', '/api/sites')).code).toBe('unauthenticated');
    const log = await securityActions();
    expect(log.some((e) => e.action === 'security.token_created' && e.actor === user.username)).toBe(true);
    expect(log.some((e) => e.action === 'security.token_revoked' && e.actor === user.username)).toBe(true);
  });

  it('signs out: the cookie no longer works', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const cookie = user.cookie;
    await user.call('POST', '/api/auth/sign-out').expect(200);
    user.cookie = cookie;
    expect(errorOf(await user.call('GET', '/api/auth/session')).code).toBe('unauthenticated');
  });

  it('does not let a disabled user sign in, and ends their sessions', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    await t.admin.call('PATCH', `/api/users/${user.userId}`, { disabled: true }).expect(200);
    expect((await user.call('GET', '/api/auth/session')).status).toBe(401);
    expect(errorOf(await t.client().signIn(user.username, strongPassword)).code).toBe('forbidden');
  });
});
