import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../src/core/sealing.ts';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { buildApp } from '../../src/server/app.ts';
import { engines } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';
import { enrolled, studySite, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, strongPassword, testDataKey, type TestApp } from '../support/test-app.ts';
import { TestClient } from '../support/test-client.ts';

/**
 * `septype data-key rotate`: after it, the study opens with the new key only, identities and all, and the
 * rotation is in the audit trail.
 */
describe.each(engines)('data key rotation on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let participantId: number;
  let totp: { username: string; secret: string };
  const dir = mkdtempSync(join(tmpdir(), 'septype-rotate-'));

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t);
    participantId = (await enrolled(site.nurse, site.siteId, { name: 'Anna de Vries' })).id;
    const monitor = await t.userWith([{ siteId: site.siteId, role: 'monitor' }]);
    const { secret } = (await monitor.call('POST', '/api/auth/totp/setup').expect(200)).json as { secret: string };
    await monitor.call('POST', '/api/auth/totp/enable', { secret, code: await codeFor(secret) }).expect(200);
    totp = { username: monitor.username, secret };
  });
  afterAll(() => t.close());

  const codeFor = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });

  const rotate = (...args: string[]) =>
    septype(['data-key', 'rotate', '--db', t.appContext.config.db, ...args], {
      env: { SEPTYPE_DATA_KEY: testDataKey.toString('hex') },
    });

  it('re-seals with a new key made for the purpose, and the study reads on with it alone', async () => {
    const file = join(dir, 'new.key');
    const run = await rotate('--new-key-file', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/re-sealed 1 personal keys, 1 site secrets and 1 second-factor secrets/);
    expect(run.stdout).toContain('set SEPTYPE_DATA_KEY or SEPTYPE_DATA_KEY_FILE');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const newKey = parseKey(readFileSync(file, 'utf8'))!;

    // A server started with the new key reads the identity; one with the old key finds nothing it can open.
    const withNewKey = await buildApp({ ...t.appContext, dataKey: () => newKey }, { logger: false });
    const nurse = new TestClient(withNewKey).useToken(site.nurse.bearer!);
    const identity = await nurse.call('GET', `/api/participants/${participantId}/identity`).expect(200);
    expect(identity.json).toMatchObject({ name: 'Anna de Vries' });
    const signIn = await new TestClient(withNewKey).signIn(totp.username, strongPassword, await codeFor(totp.secret));
    expect(signIn.status).toBe(200);
    await withNewKey.close();

    const trail = await t.raw.selectFrom('audit_log').select('action').where('action', 'like', '%rotated').execute();
    expect(trail).toEqual([{ action: 'security.data_key_rotated' }]);
    expect((await verifyAuditChain(t.raw as never)).ok).toBe(true);
  });

  it('refuses a file that is not a key, and the key in use, changing nothing', async () => {
    const notAKey = join(dir, 'not-a-key');
    writeFileSync(notAKey, 'hello\n');
    const before = await t.raw.selectFrom('data_keys').select('sealed_key').execute();
    const run = await rotate('--new-key-file', notAKey);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a 32-byte key');
    // The configured (old) key no longer opens this database after the first test's rotation.
    const stale = await rotate('--new-key-file', join(dir, 'another.key'));
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain('does not open this database');
    expect(await t.raw.selectFrom('data_keys').select('sealed_key').execute()).toEqual(before);
  });
});
