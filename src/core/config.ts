import { isIP } from 'node:net';
import { z } from 'zod';
import { InputError } from './errors.ts';

/**
 * Run-time configuration, read once at start-up from the environment (and command-line flags, which
 * win). A bad value stops the program with a message naming the variable.
 */
const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** proxy-addr's names for address ranges, which Fastify accepts in a trustProxy list. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustedProxy(entry: string): boolean {
  if (namedRanges.has(entry) || isIP(entry) !== 0) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  return family !== 0 && rest.length === 0 && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address in X-Forwarded-For: a hop count, or proxies by address or CIDR
 * range. Not "true" (every hop): then any client could name its own address and pick its rate-limit bucket.
 */
const trustProxy = z.string().transform((value, context): false | number | string[] => {
  const text = value.trim();
  if (text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text) && Number(text) > 0 && Number(text) <= 10) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry !== '' && trustedProxy(entry))) return entries;
  context.addIssue({
    code: 'custom',
    message: 'a hop count (1-10), or a comma-separated list of proxy addresses or CIDR ranges (10.0.0.5, 10.1.0.0/16)',
  });
  return z.NEVER;
});

const envSchema = z.object({
  SEPTYPE_DB: z.string().min(1).default('./data/septype.db'),
  SEPTYPE_PORT: positiveInt.max(65535).default(8080),
  SEPTYPE_HOST: z.string().min(1).default('127.0.0.1'),
  SEPTYPE_SESSION_IDLE_MINUTES: positiveInt.default(30),
  SEPTYPE_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  SEPTYPE_LOCKOUT_THRESHOLD: positiveInt.default(10),
  SEPTYPE_LOCKOUT_MINUTES: positiveInt.default(15),
  SEPTYPE_LOGIN_RATE_PER_MINUTE: positiveInt.default(30),
  SEPTYPE_TRUST_PROXY: trustProxy.optional(),
  SEPTYPE_IDENTITY_READS_PER_MINUTE: positiveInt.default(20),
  SEPTYPE_IDENTITY_READ_ALERT_PER_HOUR: positiveInt.default(100),
  SEPTYPE_SECURE_COOKIES: flag.default(false),
  SEPTYPE_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  SEPTYPE_DATA_KEY: z.string().optional(),
  SEPTYPE_DATA_KEY_FILE: z.string().min(1).optional(),
  SEPTYPE_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  SEPTYPE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  /** SQLite file path or postgres:// URL. */
  db: string;
  port: number;
  host: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  loginRatePerMinute: number;
  /**
   * The reverse proxies whose X-Forwarded-For names the client (Fastify's `trustProxy`): a hop count or their
   * addresses/CIDR ranges; false when clients connect directly. Rate limits key on that client address.
   */
  trustProxy: false | number | string[];
  /** Identity reads a user may make per minute (a rate limit per user). */
  identityReadsPerMinute: number;
  /** More identity reads than this by one user within an hour write a security event. */
  identityReadAlertPerHour: number;
  /** Set behind HTTPS so that the session cookie is never sent in clear text. */
  secureCookies: boolean;
  bodyLimitBytes: number;
  /**
   * The key that seals identifying data (32 bytes, hex or base64). Else read from `dataKeyFile`; else, for
   * SQLite, from `<database file>.key`, created on first start (src/db/data-key.ts).
   */
  dataKey: string | undefined;
  dataKeyFile: string | undefined;
  /**
   * For training, demonstrations and browser tests only: the clock starts at this instant and runs on.
   * The server warns at start when it is set.
   */
  clockStart: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** A setting (environment variable, key file) the operator must correct: an input error at start-up. */
export class ConfigError extends InputError {
  constructor(message: string, setting = 'configuration') {
    super(setting, `configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  // An empty variable (SEPTYPE_DB= in a unit file) means "not set", as in most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'} (got "${env[variable] ?? ''}")`, variable);
  }
  const e = parsed.data;
  const base: Config = {
    db: e.SEPTYPE_DB,
    port: e.SEPTYPE_PORT,
    host: e.SEPTYPE_HOST,
    sessionIdleMinutes: e.SEPTYPE_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SEPTYPE_SESSION_ABSOLUTE_HOURS,
    lockoutThreshold: e.SEPTYPE_LOCKOUT_THRESHOLD,
    lockoutMinutes: e.SEPTYPE_LOCKOUT_MINUTES,
    loginRatePerMinute: e.SEPTYPE_LOGIN_RATE_PER_MINUTE,
    trustProxy: e.SEPTYPE_TRUST_PROXY ?? false,
    identityReadsPerMinute: e.SEPTYPE_IDENTITY_READS_PER_MINUTE,
    identityReadAlertPerHour: e.SEPTYPE_IDENTITY_READ_ALERT_PER_HOUR,
    secureCookies: e.SEPTYPE_SECURE_COOKIES,
    bodyLimitBytes: e.SEPTYPE_BODY_LIMIT_BYTES,
    dataKey: e.SEPTYPE_DATA_KEY,
    dataKeyFile: e.SEPTYPE_DATA_KEY_FILE,
    clockStart: e.SEPTYPE_CLOCK_START,
    logLevel: e.SEPTYPE_LOG_LEVEL,
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}
