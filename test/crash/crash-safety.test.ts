import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';
import { killServers, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { inspectAfterCrash, plantHalfWrites } from './checks.ts';
import { activate, addSiteAndAccounts, enrollPatient, inBatches, type Cohort } from './cohort.ts';
import { Http } from './http.ts';
import { seededRandom, startLoad, type Write } from './load.ts';

/**
 * Crash safety (issue 10, part 6): the real server, 64 clients writing over loopback, SIGKILL at a random
 * moment, a restart on the same database. An acknowledged write must survive whole, a refused one must
 * have left nothing, and one whose answer was lost must be there entirely (row and audit entry) or not at
 * all; the audit chain must verify. Twice per engine, at different moments, the second crash landing on
 * a database that already recovered from the first.
 *
 * The kill moments come from a seed printed at the start; SEPTYPE_CRASH_SEED=<seed> replays them (the
 * interleaving of 64 clients itself cannot be replayed, only the moments and each client's choices).
 */

const clients = 64;
const coordinators = 2;
const rounds = 2;
/**
 * The kill comes this long after the first write was acknowledged (not after the start: a slow machine may
 * take a second to answer the first of 64), so that it lands while the server is busy writing.
 */
const killWindowMs = { from: 250, to: 2_250 };

const seed = process.env.SEPTYPE_CRASH_SEED ? Number(process.env.SEPTYPE_CRASH_SEED) : randomBytes(4).readUInt32BE();
if (!Number.isInteger(seed))
  throw new Error(`SEPTYPE_CRASH_SEED must be an integer, not "${process.env.SEPTYPE_CRASH_SEED}"`);
process.stdout.write(`crash safety: seed ${seed} (SEPTYPE_CRASH_SEED=${seed} repeats the kill moments)\n`);

afterEach(async () => {
  // A failed test must not leave a server running, whatever it was doing.
  await killServers();
});

const tally = (journal: Write[], round: number) => {
  const mine = journal.filter((w) => w.round === round);
  const of = (fate: Write['fate']) => mine.filter((w) => w.fate === fate).length;
  const latency = (kind: Write['kind']) => {
    const ms = mine
      .filter((w) => w.kind === kind && w.answeredAt !== undefined)
      .map((w) => (w.answeredAt ?? 0) - (w.sentAt ?? 0))
      .sort((a, b) => a - b);
    return `${kind} ${ms.length} (median ${ms[Math.floor(ms.length / 2)] ?? '-'} ms, max ${ms.at(-1) ?? '-'} ms)`;
  };
  return {
    acknowledged: of('acknowledged'),
    refused: of('refused'),
    unanswered: of('unanswered'),
    answered: ['screening', 'visit', 'profile'].map((kind) => latency(kind as Write['kind'])).join(', '),
  };
};

describe.each(engines)('crash safety on $name', (engine) => {
  it(`keeps every acknowledged write and no half write when the server is SIGKILLed under ${clients} writers, ${rounds} times`, async () => {
    const started = Date.now();
    const random = seededRandom(seed + (engine.name === 'postgres' ? 1 : 0));
    const fresh = await engine.fresh();
    const env = { SEPTYPE_DATA_KEY: randomBytes(32).toString('hex'), SEPTYPE_LOGIN_RATE_PER_MINUTE: '1000' };
    let server: ServerProcess | undefined;
    let http: Http | undefined;
    const log = (line: string) => process.stdout.write(`[${engine.name}] ${line}\n`);
    try {
      const { siteId, oneTime } = await addSiteAndAccounts(fresh.url, env, coordinators);
      server = await startServerProcess({ db: fresh.url, env });
      http = new Http(server.baseUrl);
      const api = http;
      const staff = await Promise.all(
        Array.from({ length: coordinators }, (_, i) =>
          activate(api, `coordinator${i + 1}`, oneTime.get(`coordinator${i + 1}`) ?? '', clients / coordinators),
        ),
      );
      const investigator = await activate(api, 'investigator', oneTime.get('investigator') ?? '', 1);
      const clientTokens = Array.from(
        { length: clients },
        (_, i) => staff[i % coordinators]?.tokens[Math.floor(i / coordinators)] ?? '',
      );
      // Admissions a day and a bit ago (the screening must follow them, today at the site); each write its own second.
      const admissionBase = Math.floor(Date.now() / 1000) * 1000 - 30 * 3600_000;
      const tag = randomBytes(3).toString('hex');
      const participants = await inBatches(clientTokens, 8, (token, i) =>
        enrollPatient(api, { token }, siteId, new Date(admissionBase + (i + 1) * 1000).toISOString(), `P${tag}${i}`),
      );
      const cohort: Cohort = {
        siteId,
        coordinators: staff.map((s) => s.account),
        clientTokens,
        investigatorToken: investigator.tokens[0] ?? '',
        participants,
      };
      log(`set up in ${Date.now() - started} ms`);

      const journal: Write[] = [];
      const counter = { next: 0 };
      for (let round = 1; round <= rounds; round++) {
        const killAfterMs = Math.round(killWindowMs.from + random() * (killWindowMs.to - killWindowMs.from));
        const load = startLoad({
          http,
          cohort,
          round,
          clients,
          seed: seed + round,
          tag,
          admissionBase,
          counter,
          journal,
        });
        const firstAnswer = await Promise.race([
          load.firstAcknowledged.then(() => true),
          load.done.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
        ]);
        if (!firstAnswer) {
          load.stop();
          throw new Error(`round ${round}: no write was acknowledged within 30 s (or every client failed)`);
        }
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        load.stop();
        // Died by itself under the load (an uncaught error), it is a finding of its own, not a crash we caused.
        expect(server.running(), `the server exited before the kill\n${server.output()}`).toBe(true);
        await server.stop('SIGKILL');
        await load.done;
        const counts = tally(journal, round);
        log(
          `round ${round}: SIGKILL ${killAfterMs} ms after the first acknowledgement: ${counts.acknowledged} acknowledged, ` +
            `${counts.refused} refused, ${counts.unanswered} in flight; answered: ${counts.answered}`,
        );
        // Else the crash proved nothing: it must have hit writes in flight, after some had been answered.
        expect(counts.acknowledged, 'acknowledged writes before the kill').toBeGreaterThan(0);
        expect(counts.unanswered, 'writes in flight at the kill').toBeGreaterThan(0);

        http.close();
        const restarted = Date.now();
        server = await startServerProcess({ db: fresh.url, env });
        http = new Http(server.baseUrl);
        log(`restarted in ${Date.now() - restarted} ms`);

        const inspection = await inspectAfterCrash(fresh.url, http, cohort, journal);
        log(
          `after crash ${round}: ${inspection.unansweredCommitted} unanswered writes found committed whole, ` +
            `${inspection.unansweredAbsent} absent; ${inspection.problems.length} problems`,
        );
        // Soft: a finding after the first crash should not hide what the second one shows.
        expect.soft(inspection.problems, `after crash ${round} (seed ${seed})`).toEqual([]);
        // Not crash safety, but a valid write refused under load (a 5xx, a deadlock) is a finding too.
        const refusals = journal.filter((w) => w.fate === 'refused' && w.round === round);
        expect
          .soft(
            refusals.map((w) => `${w.marker}: ${w.status ?? '?'} ${JSON.stringify(w.answer).slice(0, 300)}`),
            `valid writes refused before crash ${round}`,
          )
          .toEqual([]);

        const verified = await septype(['audit', 'verify', '--db', fresh.url], { env });
        expect(verified.code, `audit verify after crash ${round}:\n${verified.stderr}`).toBe(0);
        const checked = Number(/^audit trail intact: (\d+) entries/.exec(verified.stdout)?.[1]);
        expect(checked, verified.stdout).toBeGreaterThanOrEqual(inspection.auditEntries);
      }
      // The control: the same inspection finds half writes planted behind the server's back.
      const planted = await plantHalfWrites(fresh.url, cohort);
      const control = await inspectAfterCrash(fresh.url, http, cohort, journal);
      expect(control.problems).toContain(planted.screening);
      expect(
        control.problems.some((line) => line.startsWith(planted.visit)),
        control.problems.join('\n'),
      ).toBe(true);
      await server.stop('SIGTERM');
      log(`done in ${Date.now() - started} ms`);
    } catch (error) {
      if (server !== undefined) process.stdout.write(server.output());
      throw error;
    } finally {
      http?.close();
      await killServers();
      await fresh.drop();
    }
  }, 180_000);
});
