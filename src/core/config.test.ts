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
