import { AppError } from '../core/errors.ts';
import { createFakeClock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import type { Role } from '../core/permissions.ts';
import type { Database } from '../db/connect.ts';
import { openDataKey } from '../db/data-key.ts';
import { sitesEndpoints } from '../features/sites/contract.ts';
import { readDemoMark, writeDemoMark } from '../features/study/public.ts';
import type { AppContext, CallContext } from '../kernel/context.ts';
import { study } from '../protocol/nct07273344/protocol.ts';
import { Rng } from '../stats/random.ts';
import { inProcessApi } from './api.ts';
import { visits } from './model/immunotypes.ts';
import { performer, type SiteStaff } from './perform.ts';
import { planStudy, studyStart } from './schedule.ts';
import { demoSites } from './sites.ts';
import { dayMs, parseDate } from './time.ts';
import { demoAccount, demoAdministrator, type DemoAccount } from './users.ts';

export interface DemoOptions {
  patients: number;
  sites: number;
  seed: number;
  asOf: string /* YYYY-MM-DD */;
}
export interface DemoUser {
  username: string;
  role: string;
  site: string | null;
  password: string;
}
export interface DemoResult {
  users: DemoUser[];
  truth: { studyId: string; visit: string; immunotype: string }[];
  participants: number;
  screened: number;
}

/**
 * Fills an empty, migrated database with a study in progress (issue 13): sites, an account of every role,
 * the screening log, participants with consents, visits, samples, laboratory results from the planted
 * immunotypes (./model/), all through the API's own handlers (./api.ts) on a simulated clock that ends at
 * `asOf`. The truth (the planted type per participant and sampled visit) is returned, never stored.
 *
 * The data key comes from configuration as for the server (SEPTYPE_DATA_KEY, or for SQLite the key file beside
 * the database, made here when new), and is sealed into the database the way the server's first start does.
 */
export async function generateDemo(
  database: Database,
  options: DemoOptions,
  progress?: (done: number, total: number) => void,
): Promise<DemoResult> {
  const asOf = parseDate(options.asOf) + dayMs - 1;
  if (await holdsAStudy(database)) {
    throw new AppError('conflict', `${database.location} already holds a study: the demo needs an empty database`);
  }
  const rng = new Rng(options.seed);
  const config = loadConfig(process.env, { db: database.location });
  const dataKey = await openDataKey(config, database);
  // Before the first site opens: the set-up happens the week before recruitment.
  const clock = createFakeClock(new Date(studyStart - 7 * dayMs));
  const randomRng = rng.split();
  const app: AppContext = {
    database,
    config,
    clock,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    study,
    dataKey: () => dataKey,
    random: (bound) => randomRng.int(bound),
  };
  const operator: CallContext = { ...app, caller: { kind: 'operator', name: 'demo' }, source: 'cli', requestId: null };
  const api = inProcessApi(app);
  const passwords = rng.split();

  const admin = await demoAdministrator(api, operator, passwords);
  const accounts: DemoAccount[] = [admin];
  const account = async (role: Role, site: { id: number; code: string } | null, username: string, name: string) => {
    const made = await demoAccount(api, admin.ctx, passwords, {
      username,
      displayName: name,
      role,
      siteId: site?.id ?? null,
      siteCode: site?.code ?? null,
    });
    accounts.push(made);
    return made;
  };
  await account('data_manager', null, 'datamanager', 'Data manager (coordinating centre)');
  await account('statistician', null, 'statistician', 'Statistician (coordinating centre)');
  const monitor = await account('monitor', null, 'monitor', 'Monitor (all sites)');

  const staff: SiteStaff[] = [];
  for (const site of demoSites(options.sites)) {
    const created = await api.call(admin.ctx, sitesEndpoints.create, { body: { code: site.code, name: site.name } });
    const where = { id: created.id, code: created.code };
    const lower = created.code.toLowerCase();
    const nurse = await account('site_coordinator', where, `nurse.${lower}`, `Research nurse ${created.code}`);
    const investigator = await account('investigator', where, `investigator.${lower}`, `Investigator ${created.code}`);
    const lab = await account('lab_technician', where, `lab.${lower}`, `Lab technician ${created.code}`);
    staff.push({
      siteId: created.id,
      code: created.code,
      nurse: nurse.ctx,
      investigator: investigator.ctx,
      lab: lab.ctx,
    });
  }

  const plan = planStudy(rng.split(), { patients: options.patients, sites: options.sites, asOf });
  const run = performer(api, clock, staff, monitor.ctx, rng.split());
  const total = plan.steps.length;
  let done = 0;
  // An empty SQLite database is filled without waiting for the disk at each of its thousands of commits: a crash
  // leaves a half-made demo either way, which is deleted, not repaired (docs/demo.md). Durability is back after.
  const synchronous = database.sqlite?.pragma('synchronous', { simple: true }) as number | undefined;
  database.sqlite?.pragma('synchronous = OFF');
  try {
    for (const step of plan.steps) {
      try {
        await run.perform(step);
      } catch (error) {
        // Which step failed says which part of the plan broke a service's rule.
        const who = 'patient' in step ? ` of planned participant ${step.patient.index}` : '';
        if (error instanceof Error)
          error.message = `demo step ${step.kind}${who} at ${new Date(step.at).toISOString()}: ${error.message}`;
        throw error;
      }
      done += 1;
      progress?.(done, total);
    }
  } finally {
    if (synchronous !== undefined) database.sqlite?.pragma(`synchronous = ${synchronous}`);
  }

  clock.set(new Date(asOf));
  await writeDemoMark(database.kysely, options);

  const truth: DemoResult['truth'] = [];
  for (const patient of plan.patients) {
    const state = run.live.get(patient.index);
    if (state === undefined || state.dataGone) continue;
    for (const visit of visits) {
      if (state.sampled.has(visit)) {
        truth.push({ studyId: state.studyId, visit, immunotype: patient.plan.planted.trajectory[visit] });
      }
    }
  }
  const screened = plan.steps.filter((s) => s.kind === 'screen_out' || s.kind === 'enroll').length;
  return {
    users: accounts.map((a) => ({ username: a.username, role: a.role, site: a.siteCode, password: a.password })),
    truth,
    participants: run.live.size,
    screened,
  };
}

/**
 * A study is there once anyone has an account or a site exists (`septype serve` makes the administrator), or a
 * demo began; a database without tables yet holds none.
 */
export async function holdsAStudy(database: Database): Promise<boolean> {
  const db = database.kysely;
  try {
    const [user, site, mark] = await Promise.all([
      db.selectFrom('users').select('id').limit(1).executeTakeFirst(),
      db.selectFrom('sites').select('id').limit(1).executeTakeFirst(),
      readDemoMark(db),
    ]);
    return user !== undefined || site !== undefined || mark !== null;
  } catch {
    return false; // no tables yet: a new database
  }
}
