import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import { requestsFor, type Actor, type FuzzRequest, type FuzzTargets } from '../support/fuzz-requests.ts';
import { DatabaseState, sameSnapshot } from '../support/fuzz-state.ts';
import { leavesOf } from '../support/fuzz-values.ts';
import { pathParameters, populatedSite, sampleBodies, type SiteObjects } from '../support/route-samples.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

/**
 * A contract-driven fuzzer over every registered API route (a new route is covered the day it is added):
 * requests generated from each route's zod contract and valid sample, spoilt with hostile values (ids at the
 * database's limits, NUL, lone surrogates, 100 kB texts, impossible offsets, wrong types, extra fields, deep
 * JSON), sent by a signed-in administrator and by a site investigator, so that they pass authentication and
 * reach validation and the services. No answer may be a 5xx, and a refused request (4xx) may change nothing:
 * every table's row count and the audit heads are compared before and after each one.
 *
 * FUZZ_SEED=<n> repeats a run (the seed is printed); FUZZ_REQUESTS=<n> sets the number per engine;
 * FUZZ_VERBOSE=1 prints the answers and time per route; FUZZ_ROUTE=<part of a path> prints each request of the
 * routes it matches, with its answer.
 */

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const wanted = Number(process.env.FUZZ_REQUESTS ?? 5000);

const shown = (text: string | undefined, max = 300) =>
  text === undefined || text.length <= max
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, max))}…(${text.length})`;

describe.each(engines)('the API under fuzzing on $name', (engine) => {
  let t: TestApp;
  let state: DatabaseState;
  let siteA: SiteObjects;
  let targets: Omit<FuzzTargets, 'sample'>;
  const actors = new Map<Actor, TestClient>();

  beforeAll(async () => {
    t = await startTestApp(engine);
    const a = await populatedSite(t, 'FZA', 'FUZZA');
    const b = await populatedSite(t, 'FZB', 'FUZZB');
    siteA = a.objects;
    const investigator = await t.userWith([{ siteId: siteA.siteId, role: 'investigator' }], 'fuzz-investigator');
    const token = (await investigator.call('POST', '/api/me/tokens', { name: 'fuzz' }).expect(201)).json as {
      id: number;
      token: string;
    };
    investigator.useToken(token.token);
    actors.set('admin', t.admin).set('site', investigator);
    const admin = (await t.admin.call('GET', '/api/auth/session').expect(200)).json as { user: { id: number } };
    const adminTokens = (await t.admin.call('GET', '/api/me/tokens').expect(200)).json as { tokens: { id: number }[] };

    const ids = (...sites: SiteObjects[]) =>
      Object.fromEntries(Object.entries(pathParameters).map(([name, of]) => [name, sites.map((o) => of(o))]));
    targets = {
      known: { admin: ids(a.objects, b.objects), site: ids(a.objects, a.objects, a.objects, b.objects) },
      roles: { admin: 'administrator', site: 'investigator' },
      // Disabling the actors, taking their roles, resetting their passwords or revoking their tokens would end
      // the run early: those ids are swapped for site A's coordinator's.
      spared: {
        userId: new Map([admin.user.id, investigator.userId].map((id) => [id, siteA.userId])),
        tokenId: new Map([...adminTokens.tokens.map((k) => k.id), token.id].map((id) => [id, siteA.tokenId])),
      },
      dictionary: [
        ...new Set(Object.values(sampleBodies).flatMap((sample) => leavesOf(sample(investigator, siteA)).texts)),
      ],
    };
    state = await DatabaseState.of(t.database);
  });
  afterAll(() => t?.close());

  /** Each route's requests come from a stream of their own, interleaved, so the services see the state change. */
  function generated(): FuzzRequest[] {
    const routes = t.app.apiRoutes;
    const perRoute = Math.ceil(wanted / routes.length);
    const streams = routes.map((route, index) => {
      const key = `${route.method} ${route.url}`;
      const sample = (actor: Actor) => sampleBodies[key]?.(actors.get(actor)!, siteA);
      return fc.sample(requestsFor(route, { ...targets, sample }), { seed: seed + index, numRuns: perRoute });
    });
    return Array.from({ length: perRoute }, (_, round) => streams.map((stream) => stream[round]!)).flat();
  }

  it('answers every generated request without a 5xx, and a refused one changes nothing', async () => {
    const requests = generated();
    console.log(`fuzzing ${engine.name} with seed ${seed} (set FUZZ_SEED to repeat): ${requests.length} requests`);
    const started = performance.now();
    const failures: string[] = [];
    const tally = new Tally();
    let before = await state.snapshot();
    for (const [index, request] of requests.entries()) {
      const sent = performance.now();
      const reply = await actors.get(request.actor)!.call(request.method, request.url, request.body, {
        headers: request.emptyJson ? { 'content-type': 'application/json' } : {},
      });
      const after = await state.snapshot();
      const what = () =>
        `#${index} ${request.actor} ${request.method} ${shown(request.url, 200)} ${shown(request.body)} → ` +
        `${reply.status} ${shown(reply.text)}`;
      if (process.env.FUZZ_ROUTE !== undefined && request.route.includes(process.env.FUZZ_ROUTE)) console.log(what());
      tally.add(request.route, reply.status, performance.now() - sent);
      if (reply.status >= 500) failures.push(`5xx: ${what()}`);
      else if (reply.status >= 400 && !sameSnapshot(before, after)) {
        const changes = await state.forbiddenChanges(before, after);
        if (changes.length > 0) failures.push(`refused, yet changed ${changes.join('; ')}: ${what()}`);
      }
      before = after;
    }
    const seconds = (performance.now() - started) / 1000;
    const routes = t.app.apiRoutes.length;
    const succeeded = tally.routesWith((status) => status < 300);
    console.log(
      `fuzzed ${engine.name} (seed ${seed}): ${requests.length} requests in ${seconds.toFixed(1)} s; ` +
        `${tally.byStatus()}; ${succeeded} of ${routes} routes answered 2xx at least once`,
    );
    if (process.env.FUZZ_VERBOSE !== undefined) console.log(tally.perRoute());

    expect(failures.slice(0, 20), `seed ${seed}: ${failures.length} failures`).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(Math.min(wanted, 5000));
    // Requests must get past validation often enough to test the services, not only the schemas.
    expect(succeeded).toBeGreaterThan(routes / 2);
    expect((await verifyAuditChain(t.database.kysely)).ok).toBe(true);
  }, 300_000);
});

/** Answers per route and status, and the time each route took. */
class Tally {
  private readonly routes = new Map<string, { statuses: Map<number, number>; ms: number }>();

  add(route: string, status: number, ms: number): void {
    const entry = this.routes.get(route) ?? { statuses: new Map<number, number>(), ms: 0 };
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
    entry.ms += ms;
    this.routes.set(route, entry);
  }

  byStatus(): string {
    const all = new Map<number, number>();
    for (const { statuses } of this.routes.values())
      for (const [status, n] of statuses) all.set(status, (all.get(status) ?? 0) + n);
    return [...all]
      .sort(([x], [y]) => x - y)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
  }

  routesWith(test: (status: number) => boolean): number {
    return [...this.routes.values()].filter(({ statuses }) => [...statuses.keys()].some(test)).length;
  }

  perRoute(): string {
    return [...this.routes]
      .map(
        ([route, { statuses, ms }]) =>
          `${route}: ${JSON.stringify(Object.fromEntries(statuses))} in ${Math.round(ms)} ms`,
      )
      .join('\n');
  }
}
