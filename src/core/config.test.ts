import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      db: './data/septype.db',
      port: 8080,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      lockoutThreshold: 10,
      lockoutMinutes: 15,
      secureCookies: false,
    });
  });

  it('reads the environment and lets flags win', () => {
    const config = loadConfig(
      { SEPTYPE_DB: 'postgres://db/septype', SEPTYPE_SESSION_IDLE_MINUTES: '15' },
      { db: 'other.db' },
    );
    expect(config).toMatchObject({ db: 'other.db', sessionIdleMinutes: 15 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SEPTYPE_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SEPTYPE_PORT: 'eighty' })).toThrow(/SEPTYPE_PORT/);
    expect(() => loadConfig({ SEPTYPE_SECURE_COOKIES: 'maybe' })).toThrow(/SEPTYPE_SECURE_COOKIES/);
  });
});

describe('trusting a reverse proxy (SEPTYPE_TRUST_PROXY)', () => {
  it('is off unless set: the connecting address is the client', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ SEPTYPE_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes a hop count, or proxies by address, CIDR range or proxy-addr range name', () => {
    expect(loadConfig({ SEPTYPE_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ SEPTYPE_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses "true" (any client could name its own address) and anything that is not an address', () => {
    for (const value of ['true', 'proxy.example.org', '10.0.0.0/33', '10.0.0.5,', '999', '10.0.0.0/8/8']) {
      expect(() => loadConfig({ SEPTYPE_TRUST_PROXY: value }), value).toThrow(/SEPTYPE_TRUST_PROXY/);
    }
  });
});

describe('identity read limits', () => {
  it('default to 20 reads a minute per user and an alert past 100 in an hour', () => {
    expect(loadConfig({})).toMatchObject({ identityReadsPerMinute: 20, identityReadAlertPerHour: 100 });
    expect(
      loadConfig({ SEPTYPE_IDENTITY_READS_PER_MINUTE: '5', SEPTYPE_IDENTITY_READ_ALERT_PER_HOUR: '40' }),
    ).toMatchObject({ identityReadsPerMinute: 5, identityReadAlertPerHour: 40 });
    expect(() => loadConfig({ SEPTYPE_IDENTITY_READS_PER_MINUTE: '0' })).toThrow(/SEPTYPE_IDENTITY_READS_PER_MINUTE/);
  });
});
