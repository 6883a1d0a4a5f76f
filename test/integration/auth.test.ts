import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutes } from '../../src/core/clock.ts';
import { sealPlainTotpSecrets } from '../../src/features/auth/repo.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, strongPassword, testDataKey, type TestApp } from '../support/test-app.ts';
import { errorOf, type Reply } from '../support/test-client.ts';

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
    let wrong = await client.signIn(user.username, 'wrong password 123');
    for (let attempt = 2; attempt <= 10; attempt += 1) wrong = await client.signIn(user.username, 'wrong password 123');
    expect(wrong.status).toBe(401);
    const locked = await client.signIn(user.username, strongPassword);
    // The lock is not told: the answer is the one a wrong password gets.
    expect(locked.status).toBe(401);
    expect(errorOf(locked)).toEqual(errorOf(wrong));
    const log = await securityActions();
    expect(log.filter((e) => e.actor === user.username && e.action === 'security.lockout')).toHaveLength(1);
    expect(log.filter((e) => e.actor === user.username && e.action === 'security.sign_in_failed')).toHaveLength(10);

    t.clock.advance(minutes(14));
    expect((await client.signIn(user.username, strongPassword)).status).toBe(401);
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

  it('keeps the browser name of a session without its control characters (NUL would fail on PostgreSQL)', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const body = { username: user.username, password: strongPassword };
    await t
      .client()
      .call('POST', '/api/auth/sign-in', body, { headers: { 'user-agent': 'Probe\u0000Agent\u001b' } })
      .expect(200);
    const stored = await t.raw.selectFrom('sessions').select('user_agent').where('user_id', '=', user.userId).execute();
    expect(stored.map((s) => s.user_agent)).toContain('ProbeAgent');
  });

  it('does not let a disabled user sign in, and ends their sessions and revokes their tokens', async () => {
    const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
    const token = (
      (await user.call('POST', '/api/me/tokens', { name: 'script' }).expect(201)).json as { token: string }
    ).token;
    await t.admin.call('PATCH', `/api/users/${user.userId}`, { disabled: true }).expect(200);
    expect((await user.call('GET', '/api/auth/session')).status).toBe(401);
    const refused = await t.client().signIn(user.username, strongPassword);
    expect(refused.status).toBe(401);
    expect(errorOf(refused)).toEqual(errorOf(await t.client().signIn('nobody-at-all', strongPassword)));
    // Enabled again, the account has no credentials from before: its tokens stay revoked.
    await t.admin.call('PATCH', `/api/users/${user.userId}`, { disabled: false }).expect(200);
    expect(errorOf(await t.client().useToken(token).call('GET', '/api/sites')).code).toBe('unauthenticated');
    expect((await t.client().signIn(user.username, strongPassword)).status).toBe(200);
  });

  describe('sign-in answers tell a stranger nothing about the account', () => {
    const security = async (username: string) =>
      (
        (await t.admin.call('GET', '/api/security-log?limit=500').expect(200)).json as {
          entries: { action: string; actor: string; after: { reason?: string } }[];
        }
      ).entries.filter((e) => e.actor === username);

    it('gives one status and one message for an unknown user, a wrong password, a locked and a disabled account', async () => {
      const locked = await t.userWith([{ siteId: null, role: 'monitor' }]);
      for (let i = 0; i < 10; i += 1) await t.client().signIn(locked.username, 'wrong password 123');
      const disabled = await t.userWith([{ siteId: null, role: 'monitor' }]);
      await t.admin.call('PATCH', `/api/users/${disabled.userId}`, { disabled: true }).expect(200);
      const known = await t.userWith([{ siteId: null, role: 'monitor' }]);

      const answers = [
        await t.client().signIn('nobody-by-this-name', strongPassword),
        await t.client().signIn(known.username, 'wrong password 123'),
        await t.client().signIn(locked.username, strongPassword),
        await t.client().signIn(disabled.username, strongPassword),
      ];
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
      for (const answer of answers) expect(errorOf(answer)).toEqual(errorOf(answers[0]!));
      expect(errorOf(answers[0]!)).toMatchObject({ code: 'unauthenticated', key: 'auth.signInFailed' });

      // The administrators read the reason in the security log.
      expect((await security(locked.username)).map((e) => e.after.reason)).toContain('account locked');
      expect((await security(disabled.username)).map((e) => e.after.reason)).toContain('account disabled');
      expect((await security('nobody-by-this-name')).map((e) => e.after.reason)).toEqual(['unknown user name']);
    });

    it("lets the account's owner read the reasons in their own security log", async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      await t.client().signIn(user.username, 'wrong password 123');
      const own = (await user.call('GET', '/api/me/security-log').expect(200)).json as {
        entries: { action: string; actor: string; after: { reason?: string; ip?: string } }[];
      };
      expect(own.entries[0]).toMatchObject({
        action: 'security.sign_in_failed',
        actor: user.username,
        after: { reason: 'wrong password', ip: '127.0.0.1' },
      });
      expect(own.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['security.sign_in']));
      // What an administrator did to the account is there too; other accounts' events are not.
      expect(own.entries.some((e) => e.action === 'security.roles_changed' && e.actor === 'admin')).toBe(true);
      const other = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const again = (await user.call('GET', '/api/me/security-log').expect(200)).json as { entries: unknown[] };
      expect(JSON.stringify(again.entries)).not.toContain(other.username);
    });

    it('asks for the second factor only after the right password of a usable account', async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const { secret } = (await user.call('POST', '/api/auth/totp/setup').expect(200)).json as { secret: string };
      const code = await generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
      await user.call('POST', '/api/auth/totp/enable', { secret, code }).expect(200);

      expect(errorOf(await t.client().signIn(user.username, 'wrong password 123')).key).toBe('auth.signInFailed');
      expect(errorOf(await t.client().signIn(user.username, strongPassword)).code).toBe('totp_required');
      for (let i = 0; i < 9; i += 1) await t.client().signIn(user.username, 'wrong password 123');
      // Locked now: the right password no longer reveals that a code is needed.
      expect(errorOf(await t.client().signIn(user.username, strongPassword)).key).toBe('auth.signInFailed');
    });
  });

  describe('lock-out a stranger cannot turn against the owner', () => {
    const deviceCookieOf = (reply: Reply): string => {
      const setCookie = [reply.headers['set-cookie']].flat().map(String);
      const device = setCookie.find((c) => c.startsWith('septype_device='));
      expect(device).toBeDefined();
      return device!.split(';')[0]!;
    };
    const signInWith = (cookie: string, username: string, password: string) =>
      t.client().call('POST', '/api/auth/sign-in', { username, password }, { headers: { cookie } });
    const lockOut = async (username: string) => {
      for (let i = 0; i < 10; i += 1)
        expect((await t.client().signIn(username, 'guessed password 1')).status).toBe(401);
    };

    it('gives the browser a known-device cookie at sign-in, sent only to sign-in and not readable by scripts', async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const reply = await t.client().signIn(user.username, strongPassword);
      const header = [reply.headers['set-cookie']]
        .flat()
        .map(String)
        .find((c) => c.startsWith('septype_device='));
      expect(header).toMatch(/Path=\/api\/auth\/sign-in/);
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Strict/);
    });

    it("lets the owner sign in from a known device while strangers' failures lock out every other client", async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const device = deviceCookieOf(await t.client().signIn(user.username, strongPassword));
      await lockOut(user.username);
      expect((await t.client().signIn(user.username, strongPassword)).status).toBe(401);
      expect((await signInWith(device, user.username, strongPassword)).status).toBe(200);
      // The owner's success does not lift the lock for the stranger's clients.
      expect((await t.client().signIn(user.username, strongPassword)).status).toBe(401);
      const log = await securityActions();
      expect(log.filter((e) => e.actor === user.username && e.action === 'security.lockout')).toHaveLength(1);
    });

    it("does not accept another account's device cookie, nor a forged one", async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const other = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const othersDevice = deviceCookieOf(await t.client().signIn(other.username, strongPassword));
      const ownDevice = deviceCookieOf(await t.client().signIn(user.username, strongPassword));
      await lockOut(user.username);
      expect((await signInWith(othersDevice, user.username, strongPassword)).status).toBe(401);
      const [userId, issued, nonce] = ownDevice.slice('septype_device='.length).split('.');
      const forged = `septype_device=${userId}.${issued}.${nonce}.${'A'.repeat(43)}`;
      expect((await signInWith(forged, user.username, strongPassword)).status).toBe(401);
    });

    it('locks a known device after its own 10 failures, without locking the account for other clients', async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const device = deviceCookieOf(await t.client().signIn(user.username, strongPassword));
      for (let i = 0; i < 10; i += 1) await signInWith(device, user.username, 'guessed password 1');
      expect((await signInWith(device, user.username, strongPassword)).status).toBe(401);
      expect((await t.client().signIn(user.username, strongPassword)).status).toBe(200);
      t.clock.advance(minutes(15) + 1000);
      expect((await signInWith(device, user.username, strongPassword)).status).toBe(200);
    });

    it('does not extend a lock with attempts made while it holds', async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      await lockOut(user.username);
      t.clock.advance(minutes(10));
      await lockOut(user.username);
      t.clock.advance(minutes(5) + 1000);
      expect((await t.client().signIn(user.username, strongPassword)).status).toBe(200);
      const log = await securityActions();
      expect(log.filter((e) => e.actor === user.username && e.action === 'security.lockout')).toHaveLength(1);
    });

    it('counts every one of many failures at the same moment (none lost), and locks once', async () => {
      const user = await t.userWith([{ siteId: null, role: 'monitor' }]);
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => t.client().signIn(user.username, 'guessed password 1')),
      );
      expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 401));
      const log = (
        (await t.admin.call('GET', '/api/security-log?limit=500').expect(200)).json as {
          entries: { action: string; actor: string; after: { failures?: number } }[];
        }
      ).entries.filter((e) => e.actor === user.username);
      const counted = log.filter((e) => e.action === 'security.sign_in_failed').map((e) => e.after.failures);
      expect(counted.sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(log.filter((e) => e.action === 'security.lockout')).toHaveLength(1);
      expect((await t.client().signIn(user.username, strongPassword)).status).toBe(401);
    });
  });
});
