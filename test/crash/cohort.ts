import { randomBytes } from 'node:crypto';
import { septype, type CliRun } from '../support/septype-cli.ts';
import { eligibleAnswers } from '../support/study-fixtures.ts';
import type { Credentials, Http } from './http.ts';

/**
 * The study the crash test writes into, set up as an operator and its staff would: the site and the accounts
 * with the command line (on the database before the first start, as the install guide does), then each
 * account signs in over HTTP, replaces its one-time password, and works through personal API tokens.
 */

export interface Account {
  username: string;
  userId: number;
  displayName: string;
}

export interface Cohort {
  siteId: number;
  /** Site coordinators: the writers' accounts; client i writes as coordinators[i % length]. */
  coordinators: Account[];
  /** One API token per client, of its coordinator. */
  clientTokens: string[];
  /** An investigator at the site: reads the audit trail with the personal values opened. */
  investigatorToken: string;
  /** Client i records visits on participants[i] only, so one participant's writes come one after the other. */
  participants: number[];
}

/** The site's today (Europe/Amsterdam, the site's zone) as YYYY-MM-DD: screening and consent dates. */
export function siteToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
}

export function screeningBody(icuAdmissionAt: string, hospitalNumber: string): Record<string, unknown> {
  return {
    screenedOn: siteToday(),
    icuAdmissionAt,
    setting: 'icu',
    sex: 'female',
    hospitalNumber,
    eligibility: eligibleAnswers,
  };
}

function cliOk(run: CliRun, what: string): string {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

function oneTimePassword(stdout: string): string {
  const password = /one-time password \(shown once\): (\S+)/.exec(stdout)?.[1];
  if (password === undefined) throw new Error(`no one-time password in: ${stdout}`);
  return password;
}

/** The site and the accounts, through `septype site add` and `septype user add`, before the server starts. */
export async function addSiteAndAccounts(
  db: string,
  env: Record<string, string>,
  coordinators: number,
): Promise<{ siteId: number; oneTime: Map<string, string> }> {
  // Alone first: it creates and migrates the database, which the account commands below then share.
  const site = cliOk(
    await septype(['site', 'add', '--db', db, '--code', 'CRS', '--name', 'Crash Test Hospital'], { env }),
    'septype site add',
  );
  const siteId = Number(/, id (\d+)/.exec(site)?.[1]);
  if (!Number.isInteger(siteId)) throw new Error(`no site id in: ${site}`);
  const accounts = [
    ...Array.from({ length: coordinators }, (_, i) => ({ username: `coordinator${i + 1}`, role: 'site_coordinator' })),
    { username: 'investigator', role: 'investigator' },
  ];
  const oneTime = new Map<string, string>();
  // One at a time: on SQLite, commands started together can fail with "database is locked".
  for (const { username, role } of accounts) {
    const run = await septype(
      [
        'user',
        'add',
        '--db',
        db,
        '--username',
        username,
        '--display-name',
        `Crash ${username}`,
        '--role',
        role,
        '--site',
        'CRS',
      ],
      { env },
    );
    oneTime.set(username, oneTimePassword(cliOk(run, `septype user add --username ${username}`)));
  }
  return { siteId, oneTime };
}

async function signIn(http: Http, username: string, password: string) {
  const answer = await http.expect(200, 'POST', '/api/auth/sign-in', { username, password });
  const cookie = answer.setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('septype_session='));
  const body = answer.json as { csrfToken: string; user: { id: number; displayName: string } };
  if (cookie === undefined) throw new Error(`sign-in of ${username} set no session cookie`);
  return { session: { cookie, csrf: body.csrfToken }, userId: body.user.id, displayName: body.user.displayName };
}

/**
 * Signs in with the one-time password, sets a new one, signs in again with it (a password change may end
 * other sessions, and this one must be the new password's), and makes `tokens` API tokens.
 */
export async function activate(
  http: Http,
  username: string,
  oneTimePassword: string,
  tokens: number,
): Promise<{ account: Account; tokens: string[] }> {
  const first = await signIn(http, username, oneTimePassword);
  // Random only: a strength check may refuse words of the account's own names.
  const password = randomBytes(18).toString('base64url');
  await http.expect(
    200,
    'POST',
    '/api/auth/password',
    { currentPassword: oneTimePassword, newPassword: password },
    {
      session: first.session,
    },
  );
  const second = await signIn(http, username, password);
  const made: string[] = [];
  for (let i = 0; i < tokens; i++) {
    const answer = await http.expect(201, 'POST', '/api/me/tokens', { name: `crash client ${i}` }, second);
    made.push((answer.json as { token: string }).token);
  }
  return { account: { username, userId: second.userId, displayName: second.displayName }, tokens: made };
}

/** Screens and enrolls one patient (deferred consent) for a client's visits; returns the participant id. */
export async function enrollPatient(
  http: Http,
  credentials: Credentials,
  siteId: number,
  icuAdmissionAt: string,
  hospitalNumber: string,
): Promise<number> {
  const screened = await http.expect(
    201,
    'POST',
    `/api/sites/${siteId}/screenings`,
    screeningBody(icuAdmissionAt, hospitalNumber),
    credentials,
  );
  const screeningId = (screened.json as { screening: { id: number } }).screening.id;
  const enrolled = await http.expect(
    201,
    'POST',
    `/api/screenings/${screeningId}/enrollment`,
    {
      identity: { name: `Crash Patient ${hospitalNumber}`, hospitalNumber, dateOfBirth: '1961-05-04' },
      consent: { type: 'deferred', date: siteToday() },
    },
    credentials,
  );
  return (enrolled.json as { id: number }).id;
}

/** Runs `work` over the items, at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}
