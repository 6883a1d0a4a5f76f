import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllTables } from '../../src/db/tables.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { generateDemo, type DemoResult } from '../../src/demo/generate.ts';
import { sqliteEngine } from '../support/engines.ts';

/**
 * The planted immunotypes show in what the demo stored, as the analysis will read it (issue 13): ferritin above
 * 4420 ng/mL in most MALS samples at D0, HLA-DR low in immunoparalysis (through the bead calibrations), the admission
 * SOFA-2 (the form's own calculation from the entered values) highest in MALS. The values
 * do not depend on the engine, so SQLite alone checks them.
 */
/** Every table, unscoped: the test looks underneath the API. */
const raw = (database: Database) => database.kysely as unknown as Kysely<AllTables>;

describe('planted immunotypes in the stored demo results', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let result: DemoResult;
  /** Current results of one analyte at one visit, by study id. */
  const stored = async (analyte: string, visit: string) => {
    const rows = await raw(database)
      .selectFrom('lab_results')
      .innerJoin('participants', 'participants.id', 'lab_results.participant_id')
      .select(['participants.study_id', 'lab_results.value', 'lab_results.qualifier'])
      .where('lab_results.analyte', '=', analyte)
      .where('lab_results.visit_code', '=', visit)
      .where('lab_results.current', '=', 1)
      .execute();
    return new Map(rows.map((r) => [r.study_id, Number(r.value)]));
  };
  const ofType = (type: string, visit: string, values: Map<string, number>) =>
    result.truth
      .filter((t) => t.immunotype === type && t.visit === visit && values.has(t.studyId))
      .map((t) => values.get(t.studyId)!);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  beforeAll(async () => {
    const fresh = await sqliteEngine.fresh();
    drop = () => fresh.drop();
    database = openDatabase(fresh.url);
    await migrateToLatest(database);
    result = await generateDemo(database, { patients: 160, sites: 2, seed: 3, asOf: '2027-06-01' });
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('has ferritin above 4420 ng/mL in most MALS samples at D0, and rarely in the others', async () => {
    const ferritin = await stored('ferritin', 'D0');
    const mals = ofType('mals', 'D0', ferritin);
    expect(mals.length).toBeGreaterThanOrEqual(5);
    expect(mals.filter((v) => v > 4420).length / mals.length).toBeGreaterThan(0.6);
    const others = ['immunoparalysis', 'hyperinflammatory', 'adaptive'].flatMap((t) => ofType(t, 'D0', ferritin));
    expect(others.filter((v) => v > 4420).length / others.length).toBeLessThan(0.15);
  });

  it('has a higher admission SOFA-2 in MALS than in the adaptive type, as planted', async () => {
    const rows = await raw(database)
      .selectFrom('item_data')
      .innerJoin('form_records', 'form_records.id', 'item_data.record_id')
      .innerJoin('participants', 'participants.id', 'item_data.participant_id')
      .select(['participants.study_id', 'item_data.value_text'])
      .where('form_records.form_id', '=', 'sofa2_day')
      .where('form_records.slot', '=', 'day-1')
      .where('item_data.item_id', '=', 'sofa2_total')
      .execute();
    const sofa = new Map(rows.map((r) => [r.study_id, Number(r.value_text)]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mals = ofType('mals', 'D0', sofa);
    const adaptive = ofType('adaptive', 'D0', sofa);
    expect(mals.length).toBeGreaterThanOrEqual(5);
    expect(adaptive.length).toBeGreaterThanOrEqual(20);
    expect(mean(mals)).toBeGreaterThan(mean(adaptive) + 2);
    for (const value of sofa.values()) expect(value).toBeGreaterThanOrEqual(2);
  });

  it('has low monocyte HLA-DR in immunoparalysis, converted through the bead calibrations', async () => {
    const hladr = await stored('mhladr', 'D0');
    const paralysed = ofType('immunoparalysis', 'D0', hladr);
    const adaptive = ofType('adaptive', 'D0', hladr);
    expect(paralysed.length).toBeGreaterThanOrEqual(10);
    expect(median(paralysed)).toBeLessThan(5000);
    expect(median(adaptive)).toBeGreaterThan(median(paralysed) * 2);
    const linked = await raw(database)
      .selectFrom('lab_results')
      .select('calibration_id')
      .where('analyte', '=', 'mhladr')
      .execute();
    expect(linked.every((r) => r.calibration_id !== null)).toBe(true);
  });
});
