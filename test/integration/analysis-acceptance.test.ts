import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { appContextFor, operatorContext } from '../../src/cli/context.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { demoDefaults } from '../../src/demo/options.ts';
import { generateDemo, type DemoResult } from '../../src/demo/generate.ts';
import { assignmentsCsv, runDiscovery } from '../../src/features/analysis/public.ts';
import type { AnalysisOutputs } from '../../src/immunotype/analysis-run.ts';
import { adjustedRandIndex } from '../../src/stats/cluster/ari.ts';
import { sqliteEngine } from '../support/engines.ts';

/**
 * Issue 14's acceptance on the demo study (400 patients, seed 1): a default discovery at D0 finds the planted
 * immunotypes (adjusted Rand index ≥ 0.8 against the truth), the rule-based types match the planted MALS and
 * immunoparalysis groups, survival differs between the immunotypes as planted, and the same spec on the same
 * data gives the same assignments. The numbers do not depend on the engine: SQLite alone.
 */
describe('analysis of the 400-patient demo study (seed 1)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let demo: DemoResult;
  let outputs: AnalysisOutputs;
  const planted = (studyId: string, visit: string) =>
    demo.truth.find((t) => t.studyId === studyId && t.visit === visit)?.immunotype;

  beforeAll(async () => {
    const fresh = await sqliteEngine.fresh();
    drop = () => fresh.drop();
    database = openDatabase(fresh.url);
    await migrateToLatest(database);
    demo = await generateDemo(database, { ...demoDefaults });
    const ctx = operatorContext(appContextFor(loadConfig({}, { db: fresh.url }), database, systemClock));
    ({ outputs } = await runDiscovery(ctx, { seed: 1, classifier: { maxMarkers: 5 } }));
  }, 240_000);
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('recovers the planted immunotypes at D0 with an adjusted Rand index of at least 0.8', () => {
    const d0 = outputs.discovery.assignments.filter((a) => a.visit === 'D0');
    expect(d0.length).toBeGreaterThan(350);
    const truth = d0.map((a) => planted(a.studyId, 'D0') ?? 'none');
    expect(truth).not.toContain('none');
    const ari = adjustedRandIndex(
      d0.map((a) => outputs.discovery.names.indexOf(a.immunotype)),
      truth.map((t) => ['mals', 'immunoparalysis', 'hyperinflammatory', 'adaptive'].indexOf(t)),
    );
    expect(ari).toBeGreaterThanOrEqual(0.8);
    expect(outputs.discovery.suggestedK).toBe(4);
    expect(outputs.discovery.k).toBe(4);
  });

  it('gives the planted MALS and immunoparalysis groups their rule-based types', () => {
    const atD0 = outputs.discovery.rules.filter((r) => r.visit === 'D0');
    const share = (type: string, rule: string) => {
      const group = atD0.filter((r) => planted(r.studyId, 'D0') === type);
      return group.filter((r) => r.immunotype === rule).length / group.length;
    };
    expect(share('mals', 'MALS')).toBeGreaterThan(0.85);
    expect(share('immunoparalysis', 'immunoparalysis')).toBeGreaterThan(0.85);
    expect(share('adaptive', 'MALS') + share('adaptive', 'immunoparalysis')).toBeLessThan(0.1);
  });

  it('finds that survival differs between the immunotypes as planted: MALS and immunoparalysis worse than adaptive', () => {
    const { discovered, rules } = outputs.outcomes;
    expect(discovered.logRank.p).toBeLessThan(0.05);
    expect(rules.logRank.p).toBeLessThan(0.05);
    // Each discovered immunotype stands for the planted type most of its patients have.
    const d0 = outputs.discovery.assignments.filter((a) => a.visit === 'D0');
    const like = (type: string) =>
      outputs.discovery.names
        .map((name) => ({
          name,
          n: d0.filter((a) => a.immunotype === name && planted(a.studyId, 'D0') === type).length,
        }))
        .sort((a, b) => b.n - a.n)[0]!.name;
    const day28 = new Map(
      discovered.mortality.find((m) => m.horizon === 28)!.groups.map((g) => [g.group, g.proportion ?? NaN]),
    );
    // Planted in-hospital death: MALS 45 %, immunoparalysis 30 %, hyperinflammatory 25 %, adaptive 11 %.
    const adaptive = day28.get(like('adaptive'))!;
    expect(Math.min(...day28.values())).toBe(adaptive);
    expect(day28.get(like('mals'))!).toBeGreaterThan(2 * adaptive);
    expect(day28.get(like('immunoparalysis'))!).toBeGreaterThan(2 * adaptive);
  });

  it('makes a bedside classifier of at most 5 markers that predicts the immunotypes out of fold', () => {
    expect(outputs.classifier!.rule.markers.length).toBeLessThanOrEqual(5);
    expect(outputs.classifier!.cvAccuracy).toBeGreaterThan(0.8);
  });

  it('assigns every other visit to the model, with a confidence', () => {
    const visits = new Set(outputs.discovery.assignments.map((a) => a.visit));
    expect([...visits].sort()).toEqual(['D0', 'D3', 'DIS', 'M12', 'M3']);
    for (const a of outputs.discovery.assignments) {
      expect(a.confidence).toBeGreaterThan(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives byte-identical assignments for the same spec on the same data', async () => {
    const ctx = operatorContext(appContextFor(loadConfig({}, { db: database.location }), database, systemClock));
    const again = await runDiscovery(ctx, { seed: 1, classifier: { maxMarkers: 5 } });
    expect(assignmentsCsv(again.outputs)).toBe(assignmentsCsv(outputs));
  }, 60_000);
});
