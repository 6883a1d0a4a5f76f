import { startedClock, systemClock, type Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import { openDatabase } from '../db/connect.ts';
import { checkDataKeyConfig, openDataKey, sealedBefore } from '../db/data-key.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { sealPlainTotpSecrets } from '../features/auth/public.ts';
import { bootstrapAdministrator } from '../features/users/public.ts';
import type { AppContext } from '../kernel/context.ts';
import { buildApp } from '../server/app.ts';
import { dbFlag, parseFlags } from './args.ts';
import { appContextFor, cliConfig, operatorContext, stderrLogger } from './context.ts';
import { line, print } from './output.ts';
import { demoDatabase, prepareDemo, requireDemo } from './serve-demo.ts';

export async function serve(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    port: { type: 'string' },
    host: { type: 'string' },
    dev: { type: 'boolean' },
    demo: { type: 'boolean' },
  });
  const demo = flags.demo === true;
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new InputError('--port', `--port must be a port number 0-65535, not "${flags.port}"`);
  }
  const config = cliConfig({ db: flags.db ?? (demo ? demoDatabase : undefined), port, host: flags.host });
  // Configuration first: a start that cannot serve must not have changed the database.
  checkDataKeyConfig(config);
  const clock = clockFor(config);
  if (demo) await prepareDemo(config, clock);
  const database = openDatabase(config.db);
  if (demo) await requireDemo(config, database);
  // A database sealed before proves the key before anything changes; a new one gets its key once migrated.
  const provenKey = (await sealedBefore(database)) ? await openDataKey(config, database) : undefined;
  const migrated = await migrateToLatest(database);
  if (migrated.applied.length > 0) stderrLogger.info(`migrated ${database.location}: ${migrated.applied.join(', ')}`);
  const dataKey = provenKey ?? (await openDataKey(config, database));
  const app: AppContext = appContextFor(config, database, clock, dataKey);
  const sealed = await sealPlainTotpSecrets(database.kysely, dataKey);
  if (sealed > 0) stderrLogger.info(`sealed ${sealed} second-factor secret(s) stored before sealing existed`);
  await announceFirstAdministrator(app);

  const server = await buildApp(app, { serveWeb: flags.dev !== true });
  const stop = async (signal: string) => {
    stderrLogger.info(`${signal}: stopping`);
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await server.listen({ port: config.port, host: config.host });
  stderrLogger.info(
    `septype is serving ${address.replace('127.0.0.1', 'localhost')} on ${database.dialect} (${database.location})`,
  );
}

/** The system clock, or (training, demonstrations, browser tests) one that starts at SEPTYPE_CLOCK_START. */
function clockFor(config: Config): Clock {
  if (config.clockStart === undefined) return systemClock;
  stderrLogger.warn(
    `SEPTYPE_CLOCK_START is set: the clock starts at ${config.clockStart}, not now (never in production)`,
  );
  return startedClock(config.clockStart);
}

/** A new database gets its first administrator (a demo has one already). */
async function announceFirstAdministrator(app: AppContext): Promise<void> {
  const created = await bootstrapAdministrator(operatorContext(app));
  if (created === null) return;
  const rule = '='.repeat(72);
  print(
    line`${rule}`,
    line`New database: administrator account created.`,
    line`  user name:          ${created.username}`,
    line`  one-time password:  ${created.oneTimePassword}`,
    line`It is shown only now and must be changed at the first sign-in.`,
    line`${rule}`,
  );
}
