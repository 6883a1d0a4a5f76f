import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllTables } from '../../src/db/tables.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { loadDataKey } from '../../src/db/data-key.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createFakeClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { crfEndpoints, type FormRecordView } from '../../src/features/crf/contract.ts';
import { participantsEndpoints } from '../../src/features/participants/contract.ts';
import type { CallContext } from '../../src/kernel/context.ts';
import { study } from '../../src/protocol/nct07273344/protocol.ts';
import { inProcessApi } from '../../src/demo/api.ts';
import { contentHash } from '../../src/demo/content-hash.ts';
import { generateDemo, type DemoOptions, type DemoResult } from '../../src/demo/generate.ts';
import { visits } from '../../src/demo/model/immunotypes.ts';
import { truthCsv, truthHeader } from '../../src/demo/truth.ts';
import { engines } from '../support/engines.ts';

/**
 * The demo generator (issue 13): the same seed gives the same study content, another seed another; the truth
 * matches what was stored; the planted immunotypes show in the stored results; nothing lies after --as-of.
 */

// PostgreSQL has no key file beside the database: the key comes from configuration, as for the server.
process.env.SEPTYPE_DATA_KEY ??= '07'.repeat(32);

const small: DemoOptions = { patients: 16, sites: 2, seed: 11, asOf: '2026-07-31' };

/** Every table, unscoped: the test looks underneath the API. */
const raw = (database: Database) => database.kysely as unknown as Kysely<AllTables>;

describe.each(engines)('demo generator on $name', (engine) => {
  const opened: { database: Database; drop: () => Promise<void> }[] = [];
  const generated = async (options: DemoOptions) => {
    const fresh = await engine.fresh();
    const database = openDatabase(fresh.url, { poolSize: 2 });
    opened.push({ database, drop: () => fresh.drop() });
    await migrateToLatest(database);
    const result = await generateDemo(database, options);
    return { database, result, hash: await contentHash(database) };
  };
  let first: { database: Database; result: DemoResult; hash: string };

  beforeAll(async () => {
    first = await generated(small);
  }, 90_000);
  afterAll(async () => {
    for (const { database, drop } of opened) {
      await database.close();
      await drop();
    }
  });

  it('gives the same content for the same seed, and other content for another seed', async () => {
    const again = await generated(small);
    expect(again.hash).toBe(first.hash);
    expect(truthCsv(again.result.truth)).toBe(truthCsv(first.result.truth));
    expect(again.result.users.map((u) => u.password)).toEqual(first.result.users.map((u) => u.password));
    const other = await generated({ ...small, seed: 12 });
    expect(other.hash).not.toBe(first.hash);
    // Two runs: on PostgreSQL under load this took 56 s with the clinical forms.
  }, 150_000);

  it('refuses a database that already holds a study', async () => {
    await expect(generateDemo(first.database, small)).rejects.toThrow(/already holds a study/);
  });

  it('writes a truth file of sampled visits of stored participants', async () => {
    const csv = truthCsv(first.result.truth);
    expect(csv.split('\n')[0]).toBe(truthHeader);
    const participants = await raw(first.database).selectFrom('participants').select(['id', 'study_id']).execute();
    const studyIds = new Map(participants.map((p) => [p.study_id, Number(p.id)]));
    expect(first.result.truth.length).toBeGreaterThan(small.patients);
    const seen = new Set<string>();
    for (const row of first.result.truth) {
      expect(visits).toContain(row.visit);
      expect(['mals', 'immunoparalysis', 'hyperinflammatory', 'adaptive']).toContain(row.immunotype);
      expect(studyIds.has(row.studyId)).toBe(true);
      seen.add(`${row.studyId}/${row.visit}`);
    }
    expect(seen.size).toBe(first.result.truth.length);
    // Every visit with tubes processed is in the truth, and nothing else.
    const tubes = await raw(first.database)
      .selectFrom('tubes')
      .innerJoin('participants', 'participants.id', 'tubes.participant_id')
      .select(['participants.study_id', 'tubes.visit_code'])
      .distinct()
      .execute();
    expect(new Set(tubes.map((t) => `${t.study_id}/${t.visit_code}`))).toEqual(seen);
  });

  it('leaves nothing after --as-of and keeps the audit chain whole', async () => {
    const end = `${small.asOf}T23:59:59.999Z`;
    const db = raw(first.database);
    const latest = async (table: 'visit_records' | 'screenings' | 'tubes' | 'lab_results' | 'consents') => {
      const column = table === 'visit_records' ? 'recorded_at' : table === 'tubes' ? 'processed_at' : 'created_at';
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.max(column as never).as('at'))
        .executeTakeFirst();
      return (row as { at: string | null } | undefined)?.at ?? '';
    };
    for (const table of ['visit_records', 'screenings', 'tubes', 'lab_results'] as const) {
      expect(await latest(table), table).not.toBe('');
      expect((await latest(table)) <= end, table).toBe(true);
    }
    const occurred = await db.selectFrom('visit_records').select('occurred_at').execute();
    for (const v of occurred) if (v.occurred_at !== null) expect(v.occurred_at <= end).toBe(true);
    const audit = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('at').as('at'))
      .executeTakeFirst();
    expect(String(audit?.at) <= end).toBe(true);
    expect((await verifyAuditChain(first.database.kysely)).ok).toBe(true);
    const setting = await db.selectFrom('settings').select('value').where('name', '=', 'demo').executeTakeFirst();
    expect(JSON.parse(setting!.value)).toEqual({ seed: 11, patients: 16, sites: 2, asOf: '2026-07-31' });
  });

  it('has a screening log several times the cohort, every role, and results below the limit of detection', async () => {
    const db = raw(first.database);
    expect(first.result.screened).toBeGreaterThanOrEqual(3 * small.patients);
    expect(new Set(first.result.users.map((u) => u.role))).toEqual(
      new Set([
        'administrator',
        'data_manager',
        'investigator',
        'site_coordinator',
        'lab_technician',
        'monitor',
        'statistician',
      ]),
    );
    const outcomes = await db.selectFrom('screenings').select('outcome').execute();
    for (const outcome of ['not_eligible', 'enrolled']) expect(outcomes.map((o) => o.outcome)).toContain(outcome);
    const lod = await db.selectFrom('lab_results').select('id').where('qualifier', '=', '<LOD').limit(1).execute();
    expect(lod.length).toBe(1);
    const calibrations = await db.selectFrom('hladr_calibrations').select('id').execute();
    expect(calibrations.length).toBeGreaterThan(0);
  });

  it('has forms that read back without a hard finding, and visit records that match the protocol', async () => {
    const end = `${small.asOf}T23:59:59.999Z`;
    // The coordinating centre reading through the API, on the demo's last day, with the demo's data key.
    const config = loadConfig(process.env, { db: first.database.location });
    const ctx: CallContext = {
      database: first.database,
      config,
      clock: createFakeClock(end),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      study,
      dataKey: () => loadDataKey(config),
      caller: { kind: 'operator', name: 'test' },
      source: 'cli',
      requestId: null,
    };
    const api = inProcessApi(ctx);
    const records = await raw(first.database)
      .selectFrom('form_records')
      .select(['participant_id', 'form_id', 'slot'])
      .execute();
    expect(new Set(records.map((r) => r.form_id))).toEqual(
      new Set(['baseline', 'follow_up', 'sofa2_day', 'infection', 'treatments', 'outcome', 'end_of_study']),
    );
    /** Each participant's forms as read back, by `form/slot`. */
    const read = new Map<number, Map<string, FormRecordView>>();
    for (const record of records) {
      const form = await api.call(ctx, crfEndpoints.read, {
        params: { participantId: Number(record.participant_id), form: record.form_id, slot: record.slot },
      });
      expect(
        form.findings.filter((f) => f.severity === 'hard'),
        `${record.form_id} ${record.slot}`,
      ).toEqual([]);
      if (form.status === 'complete') expect(form.missingRequired).toEqual([]);
      const own = read.get(Number(record.participant_id)) ?? new Map<string, FormRecordView>();
      own.set(`${record.form_id}/${record.slot}`, form);
      read.set(Number(record.participant_id), own);
    }
    const value = (form: FormRecordView | undefined, item: string) => {
      const entry = form?.items[item];
      return entry !== undefined && 'value' in entry ? entry.value : undefined;
    };
    const queries = await raw(first.database).selectFrom('queries').select('status').execute();
    expect(queries.length).toBeGreaterThan(0);
    const participants = await raw(first.database).selectFrom('participants').select('id').execute();
    let outcomes = 0;
    for (const { id } of participants) {
      const detail = await api.call(ctx, participantsEndpoints.get, { params: { participantId: Number(id) } });
      for (const visit of detail.visits) {
        if (visit.record?.occurredAt != null) expect(visit.record.occurredAt <= end).toBe(true);
        // A visit after a death is not applicable and has nothing recorded.
        if (!visit.applicable) expect(visit.record).toBeNull();
      }
      const forms = read.get(Number(id)) ?? new Map<string, FormRecordView>();
      const admittedOn = detail.icuAdmissionAt.slice(0, 10);
      const daysBefore = (days: number) => new Date(Date.parse(end) - days * 86_400_000).toISOString().slice(0, 10);
      // Every participant whose data are kept has the admission SOFA-2, and the infection from ICU day 4 on.
      if (detail.destruction?.destroyData !== true) {
        expect(value(forms.get('sofa2_day/day-1'), 'day_date'), detail.studyId).toBe(admittedOn);
        expect(typeof value(forms.get('sofa2_day/day-1'), 'sofa2_total')).toBe('number');
        if (admittedOn < daysBefore(4)) {
          expect(value(forms.get('infection/D0'), 'adjudicated_site'), detail.studyId).toEqual(expect.any(String));
        }
      }
      // The outcome agrees with the discharge and death events the nurse recorded.
      const discharge = detail.events.find((e) => e.kind === 'hospital_discharge');
      const death = detail.events.find((e) => e.kind === 'death');
      const outcome = forms.get('outcome/once');
      if (outcome !== undefined) {
        outcomes += 1;
        if (value(outcome, 'hospital_status') === 'died') {
          expect(discharge).toBeUndefined();
          expect(death?.date).toBe(value(outcome, 'died_on'));
          expect(death?.place).toBe('icu');
        } else {
          expect(discharge?.date).toBe(value(outcome, 'hospital_discharged_on'));
          expect(String(value(outcome, 'icu_discharged_on')) <= discharge!.date).toBe(true);
        }
        expect(value(outcome, 'icu_admitted_on')).toBe(admittedOn);
      }
      // A discharge or an in-hospital death more than two days before --as-of has its outcome form.
      if (
        detail.destruction?.destroyData !== true &&
        ((discharge !== undefined && discharge.date < daysBefore(2)) ||
          (death?.place === 'icu' && death.date < daysBefore(2)))
      ) {
        expect(outcome, detail.studyId).toBeDefined();
      }
      // Treatments after the unit stay: vasopressors whenever a SOFA-2 day entered had the infusion.
      const treatments = forms.get('treatments/once');
      const infused = [...forms].some(
        ([key, form]) => key.startsWith('sofa2_day/') && value(form, 'vasoactive_infusion'),
      );
      if (treatments !== undefined) expect(value(treatments, 'vasopressors_given'), detail.studyId).toBe(infused);
      const ended = forms.get('end_of_study/once');
      if (value(ended, 'end_reason') === 'died') expect(value(ended, 'end_died_on')).toBe(death?.date);
      // SOFA-2 days follow on from day 1, each dated its ICU day, none after --as-of.
      for (const [key, form] of forms) {
        if (!key.startsWith('sofa2_day/')) continue;
        expect(String(value(form, 'day_date')) <= small.asOf).toBe(true);
      }
    }
    expect(outcomes).toBeGreaterThan(0);
    const updated = await raw(first.database)
      .selectFrom('form_records')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst();
    expect(String(updated?.at) <= end).toBe(true);
  });
});
