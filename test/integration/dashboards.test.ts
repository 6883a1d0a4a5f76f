import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../../src/core/clock.ts';
import { engines } from '../support/engines.ts';
import { entries, sofaDayPath } from '../support/form-fixtures.ts';
import { populatedLab, processedVisit } from '../support/lab-fixtures.ts';
import { storageBox } from '../support/sample-fixtures.ts';
import {
  enrolled,
  screen,
  screeningBody,
  studySite,
  withToken,
  type Participant,
  type StudySite,
} from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';
import { countsIn, type Count } from '../support/dashboard-counts.ts';

/**
 * The dashboards on a small two-site study with known numbers: every count is checked against a direct SQL
 * query written here (independently of the slice's own queries), every cell of every dashboard drills down
 * to as many rows as its number, and a coordinator of site A never sees site B.
 */

const dashboards = ['recruitment', 'flow', 'visits', 'completeness', 'samples', 'blood'] as const;
type Dashboard = (typeof dashboards)[number];

interface Row {
  participantId: number | null;
  studyId: string | null;
  siteId: number;
  siteCode: string;
  screeningId: number | null;
  detail: string | null;
}

const n = (value: unknown) => Number(value);

describe.each(engines)('dashboards on $name', (engine) => {
  let t: TestApp;
  let a: StudySite;
  let b: StudySite;
  let centre: TestClient;
  let p: Participant[];
  let q: Participant;

  const get = async (who: TestClient, dashboard: Dashboard, siteId?: number) =>
    (
      await who
        .call('GET', `/api/dashboards/${dashboard}${siteId === undefined ? '' : `?siteId=${siteId}`}`)
        .expect(200)
    ).json as Record<string, unknown>;
  const drill = async (who: TestClient, cell: string, siteId?: number) =>
    (
      await who
        .call(
          'GET',
          `/api/dashboards/cells?cell=${encodeURIComponent(cell)}${siteId === undefined ? '' : `&siteId=${siteId}`}`,
        )
        .expect(200)
    ).json as { cell: string; rows: Row[] };
  /** The count under `cell` in an answer. */
  const countOf = (answer: unknown, cell: string) => {
    const found = countsIn(answer).find((c) => c.cell === cell);
    if (found === undefined) throw new Error(`no cell ${cell}`);
    return found.n;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    a = await studySite(t, 'DSA');
    b = await studySite(t, 'DSB');
    centre = await withToken(await t.userWith([{ siteId: null, role: 'data_manager' }], 'centre-dm'));
    const labA = await withToken(await t.userWith([{ siteId: a.siteId, role: 'lab_technician' }]));

    // Screening at A: a child (inclusion not met), a neutropenic patient (exclusion), one eligible not approached.
    await screen(a.nurse, a.siteId, screeningBody({}, { ageYears: 12 }));
    await screen(a.nurse, a.siteId, screeningBody({}, { neutropenia: true }));
    const notApproached = await screen(a.nurse, a.siteId, screeningBody());
    await a.nurse
      .call('POST', `/api/screenings/${notApproached.screening.id}/outcome`, {
        outcome: 'not_approached',
        reason: 'logistics',
      })
      .expect(200);
    p = [];
    for (let i = 0; i < 4; i++) p.push(await enrolled(a.nurse, a.siteId));
    const [p1, p2, p3, p4] = p as [Participant, Participant, Participant, Participant];

    // p1: D0 with blood, processed (2 plasma + 2 serum aliquots), one plasma placed, an IL-6 result (analysed).
    await processedVisit(a.nurse, p1.id);
    const samples = (await labA.call('GET', `/api/participants/${p1.id}/samples`).expect(200)).json as {
      visits: { tubes: { aliquots: { id: number; version: number; sampleType: string }[] }[] }[];
    };
    const plasma = samples.visits
      .flatMap((v) => v.tubes.flatMap((tube) => tube.aliquots))
      .find((x) => x.sampleType === 'plasma')!;
    const { box } = await storageBox(labA, a.siteId, 'DSA', 3, 4);
    await labA
      .call('PUT', `/api/aliquots/${plasma.id}/position`, { version: plasma.version, boxId: box.id, position: 'A1' })
      .expect(200);
    await populatedLab(labA, p1.id, 'DASH');
    // p1's SOFA-2 day 2: a soft finding opens a query; day 3 lacks a required item.
    await a.nurse.call('PUT', sofaDayPath(p1.id), { version: 0, items: entries({ map_mmhg: 160 }) }).expect(200);
    await a.nurse
      .call('PUT', sofaDayPath(p1.id, 3), {
        version: 0,
        items: entries({ icu_day: 3, day_date: '2026-03-04', platelets: undefined }),
      })
      .expect(200);
    // p2: D0 missed, then withdrawn (follow-up stopped).
    await a.nurse
      .call('POST', `/api/participants/${p2.id}/visits`, { visit: 'D0', outcome: 'missed', missedReason: 'transfer' })
      .expect(201);
    await a.nurse
      .call('POST', `/api/participants/${p2.id}/withdrawal`, {
        date: '2026-03-02',
        requestedBy: 'participant',
        scope: 'stop_follow_up',
      })
      .expect(201);
    // p3: D0 with 50 mL drawn, over the 40 mL limit (a documented deviation).
    await a.nurse
      .call('POST', `/api/participants/${p3.id}/visits`, {
        visit: 'D0',
        outcome: 'done',
        occurredAt: '2026-03-02T08:30:00Z',
        bloodDrawn: true,
        tubes: [{ tube: 'EDTA', count: 5 }],
        volumeDeviationReason: 'extra research tubes by mistake',
      })
      .expect(201);
    // p4 died on the day of admission + 1: the later visits no longer apply.
    await a.nurse
      .call('POST', `/api/participants/${p4.id}/events`, { kind: 'death', date: '2026-03-02', place: 'icu' })
      .expect(201);

    // Site B: one participant with D0 processed.
    q = await enrolled(b.nurse, b.siteId);
    await processedVisit(b.nurse, q.id);

    // Three weeks on: D3 is overdue for the living, the M3 and M12 windows not yet open.
    t.clock.advance(days(20));
  }, 120_000);
  afterAll(() => t.close());

  it('counts recruitment as the participants table does, per site and month, against the protocol target', async () => {
    const answer = (await get(centre, 'recruitment')) as {
      target: number;
      enrolled: Count;
      perSite: { siteId: number; enrolled: Count }[];
      months: { month: string; siteId: number | null; enrolled: Count; cumulative: Count }[];
      projection: { completionDate: string | null; ratePerMonth: number | null };
    };
    expect(answer.target).toBe(400);
    const perSite = await t.raw
      .selectFrom('participants')
      .select((eb) => ['site_id', eb.fn.countAll().as('n')])
      .where('site_id', 'in', [a.siteId, b.siteId])
      .groupBy('site_id')
      .execute();
    const expected = new Map(perSite.map((r) => [Number(r.site_id), n(r.n)]));
    expect(expected.get(a.siteId)).toBe(4);
    for (const site of answer.perSite) expect(site.enrolled.n).toBe(expected.get(site.siteId) ?? 0);
    expect(answer.enrolled.n).toBe(5);
    const march = answer.months.filter((m) => m.month === '2026-03');
    expect(march.map((m) => [m.siteId, m.enrolled.n, m.cumulative.n])).toEqual([
      [a.siteId, 4, 4],
      [b.siteId, 1, 1],
      [null, 5, 5],
    ]);
    expect(answer.projection.ratePerMonth).toBeGreaterThan(0);
    expect(answer.projection.completionDate).not.toBeNull();
  });

  it('draws the flow from the screening log, the participants and the day-0 results', async () => {
    const answer = (await get(centre, 'flow')) as {
      nodes: { id: string; count: Count; breakdown: { key: string; count: Count }[] }[];
    };
    const node = (id: string) => answer.nodes.find((x) => x.id === id)!;
    const sites = [a.siteId, b.siteId];
    const screenings = t.raw.selectFrom('screenings').where('site_id', 'in', sites);
    const screened = await screenings.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const notEligible = await screenings
      .select((eb) => eb.fn.countAll().as('n'))
      .where('eligible', '=', 0)
      .executeTakeFirstOrThrow();
    const enrolledRows = await screenings
      .select((eb) => eb.fn.countAll().as('n'))
      .where('outcome', 'in', ['enrolled', 'destroyed'])
      .executeTakeFirstOrThrow();
    const analysed = await t.raw
      .selectFrom('lab_results')
      .select(sql<number>`count(distinct participant_id)`.as('n'))
      .where('site_id', 'in', sites)
      .where('visit_code', '=', 'D0')
      .where('current', '=', 1)
      .executeTakeFirstOrThrow();
    const sampledD0 = await t.raw
      .selectFrom('visit_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('site_id', 'in', sites)
      .where('visit_code', '=', 'D0')
      .where('outcome', '=', 'done')
      .where('blood_drawn', '=', 1)
      .executeTakeFirstOrThrow();
    expect(node('screened').count.n).toBe(n(screened.n));
    expect(node('screened').count.n).toBe(8);
    expect(node('not_eligible').count.n).toBe(n(notEligible.n));
    expect(node('eligible').count.n).toBe(n(screened.n) - n(notEligible.n));
    expect(node('not_approached').count.n).toBe(1);
    expect(node('enrolled').count.n).toBe(n(enrolledRows.n));
    expect(node('analysed').count.n).toBe(n(analysed.n));
    expect(node('analysed').count.n).toBe(1);
    expect(node('visit:D0').count.n).toBe(n(sampledD0.n));
    const d0 = Object.fromEntries(node('visit:D0').breakdown.map((x) => [x.key, x.count.n]));
    expect(d0).toMatchObject({ missed: 1, died: 0 });
    const d3 = Object.fromEntries(node('visit:D3').breakdown.map((x) => [x.key, x.count.n]));
    // p2 withdrawn, p4 died, the others' D3 window closed with nothing recorded.
    expect(d3).toMatchObject({ withdrawn: 1, died: 1, overdue: 3 });
    // Every participant is sampled or has one reason, at every visit.
    for (const visit of answer.nodes.filter((x) => x.id.startsWith('visit:'))) {
      expect(visit.count.n + visit.breakdown.reduce((sum, x) => sum + x.count.n, 0), visit.id).toBe(5);
    }
    const notEligibleReasons = node('not_eligible')
      .breakdown.filter((x) => x.count.n > 0)
      .map((x) => x.key);
    expect(notEligibleReasons.sort()).toEqual(['exclusion:neutropenia', 'inclusion:age'].sort());
  });

  it('counts visit statuses, done and missed as recorded in the visit records', async () => {
    const answer = (await get(centre, 'visits')) as {
      rows: { visit: string; siteId: number | null; counts: Record<string, Count>; participants: Count }[];
    };
    const records = await t.raw
      .selectFrom('visit_records')
      .select((eb) => ['visit_code', 'outcome', eb.fn.countAll().as('n')])
      .where('site_id', 'in', [a.siteId, b.siteId])
      .groupBy(['visit_code', 'outcome'])
      .execute();
    const recorded = (visit: string, outcome: string) =>
      n(records.find((r) => r.visit_code === visit && r.outcome === outcome)?.n ?? 0);
    for (const row of answer.rows.filter((r) => r.siteId === null)) {
      const done = row.counts.done_in_window!.n + row.counts.done_out_of_window!.n;
      expect(done, row.visit).toBe(recorded(row.visit, 'done'));
      expect(row.counts.missed!.n, row.visit).toBe(recorded(row.visit, 'missed'));
      expect(
        Object.values(row.counts).reduce((sum, c) => sum + c.n, 0),
        row.visit,
      ).toBe(row.participants.n);
      expect(row.participants.n).toBe(5);
    }
    const d3 = answer.rows.find((r) => r.visit === 'D3' && r.siteId === null)!;
    expect(d3.counts.overdue!.n).toBe(3);
    // p2 withdrawn; p4 died without a day-0 sample, so the page cannot place D3 and shows it not yet due.
    expect(d3.counts.not_applicable!.n).toBe(1);
    expect(d3.counts.not_yet_due!.n).toBe(1);
  });

  it('counts form records, missing items and open queries by age as the form tables do', async () => {
    const answer = (await get(centre, 'completeness')) as {
      forms: {
        form: string;
        siteId: number | null;
        records: Count;
        complete: Count;
        items: { item: string; missing: Count }[];
      }[];
      queries: { siteId: number | null; open: Count; byAge: { bucket: string; count: Count }[] }[];
    };
    const records = await t.raw
      .selectFrom('form_records')
      .select((eb) => [
        'form_id',
        eb.fn.countAll().as('n'),
        sql<number>`sum(case when missing_required = 0 then 1 else 0 end)`.as('complete'),
      ])
      .where('site_id', 'in', [a.siteId, b.siteId])
      .groupBy('form_id')
      .execute();
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      const row = answer.forms.find((f) => f.form === r.form_id && f.siteId === null)!;
      expect(row.records.n, r.form_id).toBe(n(r.n));
      expect(row.complete.n, r.form_id).toBe(n(r.complete));
    }
    const sofa = answer.forms.find((f) => f.form === 'sofa2_day' && f.siteId === null)!;
    expect(sofa.items.find((i) => i.item === 'platelets')?.missing.n).toBe(1);
    const open = await t.raw
      .selectFrom('queries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('site_id', 'in', [a.siteId, b.siteId])
      .where('status', '!=', 'closed')
      .executeTakeFirstOrThrow();
    const all = answer.queries.find((x) => x.siteId === null)!;
    expect(all.open.n).toBe(n(open.n));
    expect(all.open.n).toBeGreaterThan(0);
    // Opened on the first day, read 20 days later.
    expect(all.byAge.find((x) => x.bucket === 'days_7_to_30')?.count.n).toBe(all.open.n);
  });

  it('counts aliquots by status and freezer positions as the biobank tables do', async () => {
    const answer = (await get(centre, 'samples')) as {
      aliquots: {
        visit: string;
        sampleType: string;
        siteId: number | null;
        total: Count;
        byStatus: Record<string, Count>;
      }[];
      freezers: { freezerId: number; positions: number; used: Count }[];
    };
    const rows = await t.raw
      .selectFrom('aliquots')
      .select((eb) => ['visit_code', 'sample_type', 'status', eb.fn.countAll().as('n')])
      .where('site_id', 'in', [a.siteId, b.siteId])
      .groupBy(['visit_code', 'sample_type', 'status'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const row = answer.aliquots.find(
        (x) => x.visit === r.visit_code && x.sampleType === r.sample_type && x.siteId === null,
      )!;
      expect(row.byStatus[r.status]?.n, `${r.visit_code} ${r.sample_type} ${r.status}`).toBe(n(r.n));
    }
    const plasma = answer.aliquots.find((x) => x.visit === 'D0' && x.sampleType === 'plasma' && x.siteId === a.siteId)!;
    expect([plasma.total.n, plasma.byStatus.stored!.n, plasma.byStatus.unplaced!.n]).toEqual([2, 1, 1]);
    expect(answer.freezers).toHaveLength(1);
    expect(answer.freezers[0]).toMatchObject({ positions: 12, used: { n: 1 } });
  });

  it('gives blood volumes per visit and the visits over the limit as the visit records do', async () => {
    const answer = (await get(centre, 'blood')) as {
      limitMl: number;
      rows: {
        visit: string;
        siteId: number | null;
        drawn: Count;
        maxMl: number | null;
        medianMl: number | null;
        overLimit: Count;
        histogram: { fromMl: number; count: Count }[];
      }[];
    };
    expect(answer.limitMl).toBe(40);
    const draws = await t.raw
      .selectFrom('visit_records')
      .select(['blood_volume_ml'])
      .where('site_id', 'in', [a.siteId, b.siteId])
      .where('visit_code', '=', 'D0')
      .where('outcome', '=', 'done')
      .where('blood_drawn', '=', 1)
      .execute();
    const volumes = draws.map((d) => Number(d.blood_volume_ml));
    const d0 = answer.rows.find((r) => r.visit === 'D0' && r.siteId === null)!;
    expect(d0.drawn.n).toBe(volumes.length);
    expect(d0.overLimit.n).toBe(volumes.filter((v) => v > 40).length);
    expect(d0.overLimit.n).toBe(1);
    expect(d0.maxMl).toBe(Math.max(...volumes));
    expect(d0.histogram.reduce((sum, bin) => sum + bin.count.n, 0)).toBe(d0.drawn.n);
  });

  it('drills every cell of every dashboard down to as many rows as its count', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const dashboard of dashboards) {
      const seen = new Set<string>();
      for (const count of countsIn(await get(centre, dashboard))) {
        if (seen.has(count.cell)) continue;
        seen.add(count.cell);
        cells += 1;
        const reply = await centre.call('GET', `/api/dashboards/cells?cell=${encodeURIComponent(count.cell)}`);
        if (reply.status !== 200) {
          wrong.push(`${count.cell}: HTTP ${reply.status}`);
          continue;
        }
        const { rows } = reply.json as { rows: Row[] };
        if (rows.length !== count.n) wrong.push(`${count.cell}: ${count.n} counted, ${rows.length} rows`);
        // A site's cell lists only that site's rows.
        const site = Number(count.cell.split('/')[1]);
        if (!Number.isNaN(site) && rows.some((r) => r.siteId !== site))
          wrong.push(`${count.cell}: rows of another site`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(200);
  }, 300_000);

  it("agrees with every participant's page on each visit's status and the consent status", async () => {
    const statuses = [
      'not_yet_due',
      'due',
      'overdue',
      'done_in_window',
      'done_out_of_window',
      'missed',
      'not_applicable',
    ];
    const fromDashboard = new Map<string, string>();
    for (const site of [a.siteId, b.siteId])
      for (const visit of ['D0', 'D3', 'DIS', 'M3', 'M12'])
        for (const status of statuses)
          for (const row of (await drill(centre, `visits/${site}/${visit}/${status}`)).rows)
            fromDashboard.set(`${row.participantId}/${visit}`, status);
    const consent = new Map<number, string>();
    for (const status of ['given', 'refused', 'withdrawn', 'pending'])
      for (const row of (await drill(centre, `flow/all/consent_${status}`)).rows)
        consent.set(row.participantId!, status);
    for (const participant of [...p, q]) {
      const page = (await centre.call('GET', `/api/participants/${participant.id}`).expect(200)).json as Participant;
      for (const visit of page.visits) expect(fromDashboard.get(`${participant.id}/${visit.visit}`)).toBe(visit.status);
      expect(consent.get(participant.id)).toBe(page.consent.status);
    }
  });

  it('drills down to participants with their study id and site code', async () => {
    const answer = await get(centre, 'visits');
    const cell = `visits/${a.siteId}/D0/missed`;
    expect(countOf(answer, cell)).toBe(1);
    const { rows } = await drill(centre, cell);
    expect(rows).toEqual([
      {
        participantId: p[1]!.id,
        studyId: p[1]!.studyId,
        siteId: a.siteId,
        siteCode: 'DSA',
        screeningId: null,
        detail: 'D0',
      },
    ]);
  });

  it("shows a coordinator of site A site A only, and refuses site B's dashboards and cells as not found", async () => {
    const whole = await get(centre, 'visits');
    for (const dashboard of dashboards) {
      const mine = (await get(a.nurse, dashboard)) as { sites: { id: number }[] };
      expect(
        mine.sites.map((s) => s.id),
        dashboard,
      ).toEqual([a.siteId]);
      expect(JSON.stringify(mine), dashboard).not.toContain('DSB');
      for (const count of countsIn(mine)) {
        const site = count.cell.split('/')[1];
        expect(site === 'all' || Number(site) === a.siteId, count.cell).toBe(true);
      }
      await a.nurse.call('GET', `/api/dashboards/${dashboard}?siteId=${b.siteId}`).expect(404);
    }
    // The coordinator's totals are site A's counts in the coordinating centre's answer.
    const mine = await get(a.nurse, 'visits');
    expect(countOf(mine, 'visits/all/D0/done_in_window')).toBe(countOf(whole, `visits/${a.siteId}/D0/done_in_window`));
    const rows = (await drill(a.nurse, 'flow/all/screened')).rows;
    expect(rows.length).toBe(7);
    expect(rows.every((r) => r.siteId === a.siteId)).toBe(true);
    await a.nurse
      .call('GET', `/api/dashboards/cells?cell=${encodeURIComponent(`visits/${b.siteId}/D0/participants`)}`)
      .expect(404);
    // A cell of another site than the one asked for, and a made-up cell, are refused as input.
    await centre
      .call(
        'GET',
        `/api/dashboards/cells?cell=${encodeURIComponent(`visits/${b.siteId}/D0/participants`)}&siteId=${a.siteId}`,
      )
      .expect(400);
    await centre.call('GET', '/api/dashboards/cells?cell=visits/all/D0/nonsense').expect(400);
    await centre.call('GET', '/api/dashboards/cells?cell=nonsense').expect(400);
  });

  it('refuses the dashboards to a role that may not read participants', async () => {
    const statistician = await t.userWith([{ siteId: a.siteId, role: 'statistician' }]);
    await statistician.call('GET', '/api/dashboards/recruitment').expect(403);
  });
});
