import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Study, StudyProtocol } from '../../src/protocol/study.ts';
import { buildApp } from '../../src/server/app.ts';
import { engines } from '../support/engines.ts';
import { other } from '../support/other-protocol.ts';
import { screen, screeningBody, studySite, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The platform runs whatever protocol it is given: a made-up study with other visits, tubes, blood limit,
 * consent types, withdrawal scopes, study-id format and age limit goes through the same API, and nothing
 * of NCT07273344 shows up.
 */
const study: Study = { current: other, versions: { '3': other }, assays: [] };

describe.each(engines)('a second protocol on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, study);
    site = await studySite(t, 'ALT');
  });
  afterAll(() => t.close());

  it('does not start with a form whose condition names an item the form does not have', async () => {
    const [form] = other.forms.forms;
    const [group] = form!.groups;
    const misspelt = { ...group!.items[0]!, showWhen: 'temp > 38.0' };
    const broken: StudyProtocol = {
      ...other,
      forms: { ...other.forms, forms: [{ ...form!, groups: [{ ...group!, items: [misspelt] }] }] },
    };
    await expect(
      buildApp({ ...t.appContext, study: { current: broken, versions: { '3': broken }, assays: [] } }),
    ).rejects.toThrow(
      /protocol TEST-0002 version 3: form week_one \(version 1\), item temperature_c, showWhen `temp > 38.0`: Unknown variable: temp/,
    );
  });

  it('serves its own protocol', async () => {
    const served = (await site.nurse.call('GET', '/api/study').expect(200)).json as {
      current: StudyProtocol;
      versions: string[];
    };
    expect(served.current.id).toBe('TEST-0002');
    expect(served.versions).toEqual(['3']);
  });

  it('screens by its criteria and enrolls with its consent types and study-id format', async () => {
    const tooYoung = await screen(site.nurse, site.siteId, screeningBody({}, { ageYears: 45 }));
    expect(tooYoung.screening.eligibility.inclusionFailed).toEqual(['age']);
    const { screening } = await screen(site.nurse, site.siteId, screeningBody({ hospitalNumber: 'T-1' }));
    const nctType = await site.nurse.call('POST', `/api/screenings/${screening.id}/enrollment`, {
      identity: { name: 'A', hospitalNumber: 'T-1' },
      consent: { type: 'deferred', date: '2026-03-02' },
    });
    expect(nctType.json).toMatchObject({ error: { field: 'consent.type' } });
    const participant = (
      await site.nurse
        .call('POST', `/api/screenings/${screening.id}/enrollment`, {
          identity: { name: 'A', hospitalNumber: 'T-1' },
          consent: { type: 'later', date: '2026-03-02' },
        })
        .expect(201)
    ).json as Participant & { protocolVersion: string };
    expect(participant).toMatchObject({ studyId: 'TALT0001', protocolVersion: '3', consent: { dueOn: '2026-03-05' } });
    expect(participant.visits.map((v) => v.visit)).toEqual(['BASE', 'W1']);
    // Admission 2026-03-01 22:00 (+01:00): BASE closes 12 h later; the clock is at that very instant (inclusive).
    expect(participant.visits[0]).toMatchObject({ status: 'due', latest: '2026-03-02T10:00:00+01:00' });

    const tooMuch = await site.nurse.call('POST', `/api/participants/${participant.id}/visits`, {
      visit: 'BASE',
      outcome: 'done',
      occurredAt: '2026-03-02T09:00:00+01:00',
      bloodDrawn: true,
      tubes: [{ tube: 'CIT', count: 3 }],
    });
    expect((tooMuch.json as { error: { message: string } }).error.message).toMatch(/15 mL is over the 12 mL limit/);
    const base = (
      await site.nurse
        .call('POST', `/api/participants/${participant.id}/visits`, {
          visit: 'BASE',
          outcome: 'done',
          occurredAt: '2026-03-02T09:00:00+01:00',
          bloodDrawn: true,
        })
        .expect(201)
    ).json as Participant;
    expect(base.visits[1]).toMatchObject({ target: '2026-03-09', earliest: '2026-03-09', latest: '2026-03-09' });
    const d0 = await site.nurse.call('POST', `/api/participants/${participant.id}/visits`, {
      visit: 'D0',
      outcome: 'missed',
      missedReason: 'x',
    });
    expect(d0.json).toMatchObject({ error: { field: 'visit' } });

    const withdrawn = await site.nurse.call('POST', `/api/participants/${participant.id}/withdrawal`, {
      date: '2026-03-02',
      requestedBy: 'self',
      scope: 'stop_follow_up',
    });
    expect(withdrawn.json).toMatchObject({ error: { field: 'scope' } });
  });
});
