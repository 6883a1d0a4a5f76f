import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { appContextFor } from '../../src/cli/context.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { generateDemo, type DemoResult } from '../../src/demo/generate.ts';
import type { RunDetail } from '../../src/features/analysis/contract.ts';
import { buildApp } from '../../src/server/app.ts';
import { engines } from '../support/engines.ts';
import { errorOf, TestClient } from '../support/test-client.ts';

/**
 * Analysis runs over HTTP on a small demo study (issue 14 §5): a statistician starts a discovery, follows it as
 * server-sent events, reads its files; runs are listed with who ran them; a run that cannot work is refused
 * before it is recorded; a running run can be cancelled exactly once; a statistician of one site sees only
 * runs over data of their site; the participant page's rule-based immunotype per visit.
 */

process.env.SEPTYPE_DATA_KEY ??= '07'.repeat(32);

const small = { kRange: [2, 3], resamples: 20 };

describe.each(engines)('analysis runs on $name', (engine) => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let demo: DemoResult;
  const breaches: string[] = [];
  const signedIn = async (username: string) => {
    const user = demo.users.find((u) => u.username === username)!;
    const client = new TestClient(app);
    expect((await client.signIn(user.username, user.password)).status).toBe(200);
    return client;
  };
  let statistician: TestClient;

  const finish = async (who: TestClient, runId: string) => {
    const events = await who.call('GET', `/api/analysis/runs/${runId}/events`).expect(200);
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.text).toMatch(/event: end\ndata: \{"status":"(finished|failed|cancelled)"\}/);
    return (await who.call('GET', `/api/analysis/runs/${runId}`).expect(200)).json as RunDetail;
  };

  beforeAll(async () => {
    const fresh = await engine.fresh();
    drop = () => fresh.drop();
    database = openDatabase(fresh.url, { poolSize: 4 });
    await migrateToLatest(database);
    demo = await generateDemo(database, { patients: 48, sites: 2, seed: 4, asOf: '2027-06-01' });
    const context = appContextFor(
      loadConfig(process.env, { db: fresh.url, logLevel: 'silent' }),
      database,
      systemClock,
    );
    app = await buildApp(context, { logger: false, onContractBreach: (breach) => breaches.push(breach) });
    statistician = await signedIn('statistician');
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await drop?.();
    expect(breaches).toEqual([]);
  });

  it('runs a discovery on a worker, reports its progress as events, and keeps its files', async () => {
    const started = await statistician
      .call('POST', '/api/analysis/runs', { seed: 7, ...small, classifier: { maxMarkers: 3 } })
      .expect(201);
    const { runId } = started.json as { runId: string };
    const run = await finish(statistician, runId);
    expect(run.status).toBe('finished');
    expect(run.createdBy).toBe('statistician');
    expect(run.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.result!.timepoint).toBe('D0');
    expect([2, 3]).toContain(run.result!.k);
    expect(run.result!.files).toContain('classifier.json');

    const csv = await statistician.call('GET', `/api/analysis/runs/${runId}/files/assignments.csv`).expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('studyId,visit,immunotype,confidence');
    expect(lines.length).toBeGreaterThan(20);
    const report = await statistician.call('GET', `/api/analysis/runs/${runId}/files/report.html`).expect(200);
    expect(report.headers['content-type']).toContain('text/html');
    expect(report.headers['content-security-policy']).toContain("default-src 'none'");
    expect(report.text).toContain('Choice of k');
    const runJson = (await statistician.call('GET', `/api/analysis/runs/${runId}/files/run.json`).expect(200)).json as {
      runId: string;
      seed: number;
      k: number;
    };
    expect(runJson).toMatchObject({ runId, seed: 7, k: run.result!.k });
    const classifier = (await statistician.call('GET', `/api/analysis/runs/${runId}/files/classifier.json`).expect(200))
      .json as { markers: { name: string; unit: string; transform: string }[] };
    expect(classifier.markers.length).toBeGreaterThan(0);
    expect(classifier.markers.length).toBeLessThanOrEqual(3);

    const runs = (await statistician.call('GET', '/api/analysis/runs').expect(200)).json as { runId: string }[];
    expect(runs.map((r) => r.runId)).toContain(runId);
    // A finished run cannot be cancelled.
    expect(errorOf(await statistician.call('POST', `/api/analysis/runs/${runId}/cancel`).expect(409)).code).toBe(
      'conflict',
    );
  }, 120_000);

  it('refuses a spec that cannot work, naming the field, and records no run', async () => {
    const before = ((await statistician.call('GET', '/api/analysis/runs').expect(200)).json as unknown[]).length;
    const cases: [unknown, string][] = [
      [{ seed: 1, kRange: [5, 3] }, 'kRange'],
      [{ seed: 1, timepoint: 'W52' }, 'timepoint'],
      [{ seed: 1, panel: ['il6', 'no_such_marker'] }, 'panel.1'],
      [{ seed: -1 }, 'seed'],
      [{ seed: 1, ruleSet: 'Nope' }, 'ruleSet'],
      [{ seed: 1, kRange: [2, 3], k: 2, names: ['alpha', 'alpha'] }, 'names'],
      [{ seed: 1, kRange: [2, 3], k: 2, names: ['=HYPERLINK(1)', 'beta'] }, 'names.0'],
      [{ seed: 1, kRange: [2, 3], k: 3, names: ['alpha', 'beta'] }, 'names'],
    ];
    for (const [spec, field] of cases) {
      const reply = await statistician.call('POST', '/api/analysis/runs', spec);
      expect([reply.status, errorOf(reply).field], JSON.stringify(spec)).toEqual([400, field]);
    }
    expect(((await statistician.call('GET', '/api/analysis/runs').expect(200)).json as unknown[]).length).toBe(before);
  });

  it('cancels a running run once; the second cancel is refused', async () => {
    const { runId } = (await statistician.call('POST', '/api/analysis/runs', { seed: 3, resamples: 5000 }).expect(201))
      .json as { runId: string };
    const cancelled = (await statistician.call('POST', `/api/analysis/runs/${runId}/cancel`).expect(200))
      .json as RunDetail;
    expect(cancelled.status).toBe('cancelled');
    await statistician.call('POST', `/api/analysis/runs/${runId}/cancel`).expect(409);
    expect((await finish(statistician, runId)).status).toBe('cancelled');
    await statistician.call('GET', `/api/analysis/runs/${runId}/files/assignments.csv`).expect(409);
  }, 60_000);

  it("shows a run over one site's data to that site's investigator, and runs over all sites only to study-wide roles", async () => {
    const investigator = demo.users.find((u) => u.role === 'investigator')!;
    const local = await signedIn(investigator.username);
    const { runId } = (
      await local.call('POST', '/api/analysis/runs', { seed: 2, kRange: [2, 2], resamples: 20 }).expect(201)
    ).json as { runId: string };
    expect((await finish(local, runId)).status).toBe('finished');
    const everyRun = (await statistician.call('GET', '/api/analysis/runs').expect(200)).json as { runId: string }[];
    expect(everyRun.map((r) => r.runId)).toContain(runId);
    const seen = (await local.call('GET', '/api/analysis/runs').expect(200)).json as { runId: string }[];
    expect(seen.map((r) => r.runId)).toEqual([runId]);
    const studyWide = everyRun.find((r) => r.runId !== runId)!.runId;
    await local.call('GET', `/api/analysis/runs/${studyWide}`).expect(404);
    await local.call('GET', `/api/analysis/runs/${studyWide}/files/run.json`).expect(404);
  }, 120_000);

  it("gives a participant's rule-based immunotype at each sampled visit", async () => {
    const nurse = demo.users.find((u) => u.role === 'site_coordinator')!;
    const coordinator = await signedIn(nurse.username);
    const { sites } = (await coordinator.call('GET', '/api/sites').expect(200)).json as { sites: { id: number }[] };
    const participants = (await coordinator.call('GET', `/api/sites/${sites[0]!.id}/participants`).expect(200))
      .json as { participants: { id: number }[] };
    let seen = 0;
    for (const { id } of participants.participants.slice(0, 6)) {
      const types = (await coordinator.call('GET', `/api/participants/${id}/immunotypes`).expect(200)).json as {
        ruleSet: string;
        visits: { visit: string; immunotype: string; reason: string }[];
      };
      expect(types.ruleSet).toBe('ImmunoSep');
      for (const v of types.visits) {
        expect(['MALS', 'immunoparalysis', 'intermediate', 'unclassifiable']).toContain(v.immunotype);
        expect(v.reason.length).toBeGreaterThan(10);
      }
      seen += types.visits.length;
    }
    expect(seen).toBeGreaterThan(0);
  });
});
