import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../../src/core/clock.ts';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import {
  enrolled,
  screen,
  screeningBody,
  statusOf,
  studySite,
  type Participant,
  type StudySite,
  withToken,
} from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The research nurse's work on one site: enrollment with a study id and a sealed identity, consent,
 * visits against their windows, clinical events that move the schedule, and the worklist.
 * Clock: 2026-03-02 10:00 in Amsterdam; admission 2026-03-01 22:00, so D0's window is [03-01 22:00, 03-03 22:00].
 */
describe.each(engines)('participant lifecycle on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  const reset = () => t.clock.set('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'NIJ');
  });
  afterAll(() => t.close());

  describe('enrollment', () => {
    it('gives study ids per site in the protocol format, never twice', async () => {
      const first = await enrolled(site.nurse, site.siteId);
      const second = await enrolled(site.nurse, site.siteId);
      expect(first.studyId).toBe('NIJ-001');
      expect(second.studyId).toBe('NIJ-002');
      const other = await studySite(t, 'RDB');
      expect((await enrolled(other.nurse, other.siteId)).studyId).toBe('RDB-001');
    });

    it('refuses to enroll the same hospital number twice, even from a new screening', async () => {
      const participant = await enrolled(site.nurse, site.siteId, { hospitalNumber: 'DUP-77' });
      const { screening, earlierScreenings } = await screen(
        site.nurse,
        site.siteId,
        screeningBody({ hospitalNumber: 'dup-77' }),
      );
      expect(earlierScreenings[0]).toMatchObject({ studyId: participant.studyId, outcome: 'enrolled' });
      const again = await site.nurse.call('POST', `/api/screenings/${screening.id}/enrollment`, {
        identity: { name: 'Same Person', hospitalNumber: 'DUP-77' },
        consent: { type: 'deferred', date: '2026-03-02' },
      });
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ error: { field: 'identity.hospitalNumber' } });
      expect((again.json as { error: { message: string } }).error.message).toContain(participant.studyId);
    });

    it('enrolls a person once when two nurses enroll two screenings of them at the same moment', async () => {
      const body = screeningBody({ hospitalNumber: 'RACE-1' });
      const first = await screen(site.nurse, site.siteId, body);
      const second = await screen(site.nurse, site.siteId, body);
      const replies = await Promise.all(
        [first, second].map(({ screening }) =>
          site.nurse.call('POST', `/api/screenings/${screening.id}/enrollment`, {
            identity: { name: 'Race', hospitalNumber: 'RACE-1' },
            consent: { type: 'deferred', date: '2026-03-02' },
          }),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('enrolls only eligible patients, with the hospital number given at screening', async () => {
      const ineligible = await screen(site.nurse, site.siteId, screeningBody({}, { ageYears: 16 }));
      const refused = await site.nurse.call('POST', `/api/screenings/${ineligible.screening.id}/enrollment`, {
        identity: { name: 'Too Young', hospitalNumber: 'Y-1' },
        consent: { type: 'deferred', date: '2026-03-02' },
      });
      expect(refused.status).toBe(409);
      const eligible = await screen(site.nurse, site.siteId, screeningBody({ hospitalNumber: 'A-1' }));
      const mismatch = await site.nurse.call('POST', `/api/screenings/${eligible.screening.id}/enrollment`, {
        identity: { name: 'Someone', hospitalNumber: 'B-2' },
        consent: { type: 'deferred', date: '2026-03-02' },
      });
      expect(mismatch.json).toMatchObject({ error: { field: 'identity.hospitalNumber' } });
    });

    it('keeps identity sealed: only the site staff read it, every read audited, values never in the trail', async () => {
      const participant = await enrolled(site.nurse, site.siteId, {
        name: 'Geertruida Identiteit',
        hospitalNumber: 'ID-4242',
      });
      const identity = await site.nurse.call('GET', `/api/participants/${participant.id}/identity`).expect(200);
      expect(identity.json).toMatchObject({ name: 'Geertruida Identiteit', hospitalNumber: 'ID-4242' });

      for (const role of ['monitor', 'data_manager', 'lab_technician']) {
        const reader = await withToken(await t.userWith([{ siteId: site.siteId, role }]));
        await reader.call('GET', `/api/participants/${participant.id}`).expect(200);
        expect((await reader.call('GET', `/api/participants/${participant.id}/identity`)).status, role).toBe(403);
      }
      const centre = await withToken(await t.userWith([{ siteId: null, role: 'investigator' }]));
      expect((await centre.call('GET', `/api/participants/${participant.id}/identity`)).status).toBe(403);

      const trail = (await t.admin.call('GET', `/api/sites/${site.siteId}/audit?limit=500`).expect(200)).json as {
        entries: { action: string; actor: string; entityId: string }[];
      };
      expect(trail.entries.some((e) => e.action === 'identity.read' && e.actor === site.nurse.username)).toBe(true);
      expect(JSON.stringify(trail)).not.toMatch(/Geertruida|ID-4242/);
      const rows = await t.raw.selectFrom('participant_identities').select('sealed').execute();
      expect(JSON.stringify(rows)).not.toMatch(/Geertruida|ID-4242/);

      const changed = await site.nurse
        .call('PUT', `/api/participants/${participant.id}/identity`, {
          name: 'Geertruida Identiteit',
          hospitalNumber: 'ID-4242',
          phone: '+31 24 000 0000',
        })
        .expect(200);
      expect(changed.json).toMatchObject({ phone: '+31 24 000 0000', dateOfBirth: null });
      const renumber = await site.nurse.call('PUT', `/api/participants/${participant.id}/identity`, {
        name: 'X',
        hospitalNumber: 'OTHER',
      });
      expect(renumber.json).toMatchObject({ error: { field: 'hospitalNumber' } });
    });
  });

  describe('consent', () => {
    it('shows a deferred consent as pending with its due date, then given', async () => {
      const participant = await enrolled(site.nurse, site.siteId);
      expect(participant.consent).toEqual({ status: 'pending', dueOn: '2026-03-16' });
      const noLetter = await site.nurse.call('POST', `/api/participants/${participant.id}/consents`, {
        type: 'legal_representative',
        decision: 'given',
        date: '2026-03-02',
      });
      expect(noLetter.json).toMatchObject({ error: { field: 'informationLetterVersion' } });
      const given = await site.nurse
        .call('POST', `/api/participants/${participant.id}/consents`, {
          type: 'legal_representative',
          decision: 'given',
          date: '2026-03-02',
          informationLetterVersion: '1.0',
          optionalItems: { future_research: true, follow_up_contact: false },
        })
        .expect(201);
      expect((given.json as Participant).consent).toEqual({ status: 'given', dueOn: null });
      const unknownItem = await site.nurse.call('POST', `/api/participants/${participant.id}/consents`, {
        type: 'patient',
        decision: 'given',
        date: '2026-03-02',
        informationLetterVersion: '1.0',
        optionalItems: { selling_data: true },
      });
      expect(unknownItem.json).toMatchObject({ error: { field: 'optionalItems.selling_data' } });
    });

    it('starts the destruction workflow when deferred consent is refused', async () => {
      const participant = await enrolled(site.nurse, site.siteId);
      const refused = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/consents`, {
            type: 'legal_representative',
            decision: 'refused',
            date: '2026-03-02',
          })
          .expect(201)
      ).json as Participant;
      expect(refused).toMatchObject({ consent: { status: 'refused' }, state: 'withdrawn', destructionPending: true });
      expect(refused.destruction).toMatchObject({ status: 'pending' });
    });
  });

  describe('visits', () => {
    it('records D0 and D3 in their windows; D3 is anchored on the D0 sample', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      expect(statusOf(participant, 'D0')).toBe('due');
      expect(statusOf(participant, 'D3')).toBe('not_yet_due');
      expect(participant.visits.find((v) => v.visit === 'D3')?.earliest).toBeNull();

      const d0 = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            visit: 'D0',
            outcome: 'done',
            occurredAt: '2026-03-02T09:30:00+01:00',
            bloodDrawn: true,
          })
          .expect(201)
      ).json as Participant;
      expect(statusOf(d0, 'D0')).toBe('done_in_window');
      expect(d0.visits[0]?.record?.recordedBy).toBe(site.nurse.username);
      expect(d0.visits.find((v) => v.visit === 'D3')).toMatchObject({
        target: '2026-03-05',
        earliest: '2026-03-04',
        latest: '2026-03-06',
      });

      t.clock.advance(days(2));
      const d3 = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            visit: 'D3',
            outcome: 'done',
            occurredAt: '2026-03-04T08:00:00+01:00',
            bloodDrawn: true,
            tubes: [{ tube: 'EDTA', count: 1 }],
          })
          .expect(201)
      ).json as Participant;
      expect(statusOf(d3, 'D3')).toBe('done_in_window');
      expect(d3.deviations).toEqual([]);
      reset();
    });

    it('keeps a visit done outside its window and records a protocol deviation', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      await site.nurse
        .call('POST', `/api/participants/${participant.id}/visits`, {
          visit: 'D0',
          outcome: 'done',
          occurredAt: '2026-03-01T23:00:00+01:00',
          bloodDrawn: true,
        })
        .expect(201);
      t.clock.set('2026-03-08T09:00:00.000Z');
      const late = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            visit: 'D3',
            outcome: 'done',
            occurredAt: '2026-03-06T10:00:00+01:00',
            bloodDrawn: false,
            noBloodReason: 'patient refused the draw',
          })
          .expect(201)
      ).json as Participant;
      // D0 on 03-01 → D3 target 03-04, window 03-03 .. 03-05: 03-06 is out.
      expect(statusOf(late, 'D3')).toBe('done_out_of_window');
      expect(late.deviations).toEqual([expect.objectContaining({ kind: 'out_of_window', visit: 'D3' })]);
      const noReason = await site.nurse.call('POST', `/api/participants/${participant.id}/visits`, {
        visit: 'D3',
        outcome: 'done',
        occurredAt: '2026-03-05T10:00:00+01:00',
        bloodDrawn: false,
        noBloodReason: 'patient refused the draw',
      });
      expect(noReason.json).toMatchObject({ error: { field: 'reason' } });
      const corrected = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            visit: 'D3',
            outcome: 'done',
            occurredAt: '2026-03-05T10:00:00+01:00',
            bloodDrawn: false,
            noBloodReason: 'patient refused the draw',
            reason: 'typing error in the date',
          })
          .expect(201)
      ).json as Participant;
      expect(statusOf(corrected, 'D3')).toBe('done_in_window');
      expect(corrected.deviations).toEqual([]);
      reset();
    });

    it('blocks blood over 40 mL per visit unless the deviation is documented', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      const visit = {
        visit: 'D0',
        outcome: 'done',
        occurredAt: '2026-03-02T09:30:00+01:00',
        bloodDrawn: true,
        tubes: [
          { tube: 'EDTA', count: 3 },
          { tube: 'SERUM', count: 1 },
          { tube: 'PAXGENE', count: 1 },
        ],
      };
      // 30 + 8.5 + 2.5 = 41 mL
      const over = await site.nurse.call('POST', `/api/participants/${participant.id}/visits`, visit);
      expect(over.status).toBe(400);
      expect((over.json as { error: { field: string; message: string } }).error).toMatchObject({ field: 'tubes' });
      expect((over.json as { error: { message: string } }).error.message).toMatch(/41 mL is over the 40 mL limit/);
      const documented = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            ...visit,
            volumeDeviationReason: 'extra EDTA tube for a clinical request, approved by the PI',
          })
          .expect(201)
      ).json as Participant;
      expect(documented.deviations).toEqual([expect.objectContaining({ kind: 'blood_volume', visit: 'D0' })]);
      expect(documented.visits[0]?.record?.bloodVolumeMl).toBe(41);
      const unknownTube = await site.nurse.call('POST', `/api/participants/${participant.id}/visits`, {
        ...visit,
        tubes: [{ tube: 'CITRATE', count: 1 }],
        reason: 'x',
      });
      expect(unknownTube.json).toMatchObject({ error: { field: 'tubes' } });
    });

    it('records a missed visit with its reason, and refuses times in the future or before admission', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      const url = `/api/participants/${participant.id}/visits`;
      const future = await site.nurse.call('POST', url, {
        visit: 'D0',
        outcome: 'done',
        occurredAt: '2026-03-02T12:00:00+01:00',
        bloodDrawn: true,
      });
      expect(future.json).toMatchObject({ error: { field: 'occurredAt' } });
      const early = await site.nurse.call('POST', url, {
        visit: 'D0',
        outcome: 'done',
        occurredAt: '2026-03-01T21:00:00+01:00',
        bloodDrawn: true,
      });
      expect(early.json).toMatchObject({ error: { field: 'occurredAt' } });
      const noReason = await site.nurse.call('POST', url, { visit: 'D0', outcome: 'missed' });
      expect(noReason.json).toMatchObject({ error: { field: 'missedReason' } });
      const missed = (
        await site.nurse.call('POST', url, { visit: 'D0', outcome: 'missed', missedReason: 'no staff' }).expect(201)
      ).json as Participant;
      expect(statusOf(missed, 'D0')).toBe('missed');
      const unknown = await site.nurse.call('POST', url, { visit: 'W52', outcome: 'missed', missedReason: 'x' });
      expect(unknown.json).toMatchObject({ error: { field: 'visit' } });
    });

    it('anchors D3 on the D0 target when D0 was missed, so that D3 still falls due', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      const missed = (
        await site.nurse
          .call('POST', `/api/participants/${participant.id}/visits`, {
            visit: 'D0',
            outcome: 'missed',
            missedReason: 'no staff',
          })
          .expect(201)
      ).json as Participant;
      // D0 target: admission 03-01 22:00 + 24 h = 03-02 22:00 → D3 03-05 ± 1.
      expect(missed.visits.find((v) => v.visit === 'D3')).toMatchObject({ target: '2026-03-05', latest: '2026-03-06' });
      t.clock.set('2026-03-07T09:00:00.000Z');
      const later = (await site.nurse.call('GET', `/api/participants/${participant.id}`).expect(200))
        .json as Participant;
      expect(statusOf(later, 'D3')).toBe('overdue');
      // A discharge before the stand-in is still a valid date: only a sample really taken limits it.
      await site.nurse
        .call('POST', `/api/participants/${participant.id}/events`, { kind: 'hospital_discharge', date: '2026-03-02' })
        .expect(201);
      reset();
    });

    it('turns a visit overdue when the clock passes its window', async () => {
      reset();
      const participant = await enrolled(site.nurse, site.siteId);
      expect(statusOf(participant, 'D0')).toBe('due');
      t.clock.set('2026-03-03T20:59:59.000Z'); // 21:59:59 in Amsterdam: the last second of the window
      const last = (await site.nurse.call('GET', `/api/participants/${participant.id}`).expect(200))
        .json as Participant;
      expect(statusOf(last, 'D0')).toBe('due');
      t.clock.set('2026-03-03T21:00:01.000Z');
      const after = (await site.nurse.call('GET', `/api/participants/${participant.id}`).expect(200))
        .json as Participant;
      expect(statusOf(after, 'D0')).toBe('overdue');
      const worklist = (await site.nurse.call('GET', `/api/sites/${site.siteId}/worklist`).expect(200)).json as {
        overdue: { participantId: number; visit: string }[];
      };
      expect(worklist.overdue).toContainEqual(expect.objectContaining({ participantId: participant.id, visit: 'D0' }));
      reset();
    });
  });

  describe('clinical events', () => {
    it('anchors DIS, M3 and M12 on discharge, and makes them not applicable after death in hospital', async () => {
      reset();
      const discharged = await enrolled(site.nurse, site.siteId);
      const withDischarge = (
        await site.nurse
          .call('POST', `/api/participants/${discharged.id}/events`, { kind: 'hospital_discharge', date: '2026-03-02' })
          .expect(201)
      ).json as Participant;
      expect(withDischarge.visits.find((v) => v.visit === 'M3')).toMatchObject({
        target: '2026-06-02',
        earliest: '2026-05-19',
        latest: '2026-06-16',
      });
      const twice = await site.nurse.call('POST', `/api/participants/${discharged.id}/events`, {
        kind: 'hospital_discharge',
        date: '2026-03-02',
      });
      expect(twice.json).toMatchObject({ error: { field: 'reason' } });

      const died = await enrolled(site.nurse, site.siteId);
      const dead = (
        await site.nurse
          .call('POST', `/api/participants/${died.id}/events`, { kind: 'death', date: '2026-03-02', place: 'icu' })
          .expect(201)
      ).json as Participant;
      expect(dead.state).toBe('deceased');
      expect(['DIS', 'M3', 'M12'].map((v) => statusOf(dead, v))).toEqual([
        'not_applicable',
        'not_applicable',
        'not_applicable',
      ]);
      const transfer = (date: string) =>
        site.nurse.call('POST', `/api/participants/${died.id}/events`, { kind: 'transfer', date, destination: 'CWZ' });
      const future = await transfer('2026-03-03');
      expect((future.json as { error: { message: string } }).error.message).toMatch(/after today/);
      const early = await transfer('2026-02-28');
      expect((early.json as { error: { message: string } }).error.message).toMatch(/before ICU\/MC admission/);
    });
  });

  describe('worklist', () => {
    it('lists follow-up calls to plan and consents pending, overdue after their due date', async () => {
      t.clock.set('2026-05-10T08:00:00.000Z');
      const participant = await enrolled(site.nurse, site.siteId, {
        screening: { screenedOn: '2026-05-01', icuAdmissionAt: '2026-05-01T10:00:00+02:00' },
        consentDate: '2026-05-02',
      });
      await site.nurse
        .call('POST', `/api/participants/${participant.id}/events`, { kind: 'hospital_discharge', date: '2026-05-05' })
        .expect(201);
      t.clock.set('2026-07-20T08:00:00.000Z');
      const worklist = (await site.nurse.call('GET', `/api/sites/${site.siteId}/worklist`).expect(200)).json as {
        today: string;
        followUpCalls: { participantId: number; visit: string; earliest: string }[];
        consentsPending: { participantId: number; overdue: boolean }[];
      };
      expect(worklist.today).toBe('2026-07-20');
      // M3 target 2026-08-05, window opens 2026-07-22: within the 30 days ahead.
      expect(worklist.followUpCalls).toContainEqual(
        expect.objectContaining({ participantId: participant.id, visit: 'M3', earliest: '2026-07-22' }),
      );
      expect(worklist.consentsPending).toContainEqual(
        expect.objectContaining({ participantId: participant.id, overdue: true }),
      );
      reset();
    });
  });

  it('writes nothing at all when a change is refused', async () => {
    reset();
    const participant = await enrolled(site.nurse, site.siteId);
    const base = `/api/participants/${participant.id}`;
    const refused: [string, string, unknown][] = [
      [
        'POST',
        `${base}/visits`,
        {
          visit: 'D0',
          outcome: 'done',
          occurredAt: '2026-03-02T09:00:00+01:00',
          bloodDrawn: true,
          tubes: [{ tube: 'EDTA', count: 5 }],
        },
      ],
      ['POST', `${base}/visits`, { visit: 'D0', outcome: 'done', bloodDrawn: true }],
      [
        'POST',
        `${base}/consents`,
        { type: 'patient', decision: 'given', date: '2026-03-02', informationLetterVersion: '9.9' },
      ],
      ['POST', `${base}/events`, { kind: 'death', date: '2026-02-01' }],
      ['POST', `${base}/withdrawal`, { date: '2026-03-02', requestedBy: 'participant', scope: 'everything' }],
      ['PUT', `${base}/identity`, { name: 'X', hospitalNumber: 'changed' }],
      ['POST', `${base}/visits`, { visit: 'D0', outcome: 'missed', missedReason: 'x', colour: 'red' }],
    ];
    const chainBefore = await verifyAuditChain(t.database.kysely);
    const before = (await site.nurse.call('GET', base).expect(200)).text;
    for (const [method, url, body] of refused) {
      const reply = await site.nurse.call(method, url, body);
      expect(reply.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect((reply.json as { error: { field?: string } }).error.field).toBeTruthy();
    }
    expect(await verifyAuditChain(t.database.kysely)).toEqual(chainBefore);
    expect((await site.nurse.call('GET', base).expect(200)).text).toBe(before);
  });

  it('writes an audit entry for every change, readable by the site auditors', async () => {
    reset();
    const participant = await enrolled(site.nurse, site.siteId);
    const base = `/api/participants/${participant.id}`;
    await site.nurse
      .call('POST', `${base}/visits`, { visit: 'D0', outcome: 'missed', missedReason: 'no staff' })
      .expect(201);
    await site.nurse
      .call('POST', `${base}/events`, { kind: 'transfer', date: '2026-03-02', destination: 'CWZ' })
      .expect(201);
    await site.nurse.call('GET', `${base}/identity`).expect(200);
    await site.nurse
      .call('POST', `${base}/withdrawal`, { date: '2026-03-02', requestedBy: 'participant', scope: 'destroy_samples' })
      .expect(201);
    const trail = (await t.admin.call('GET', `/api/sites/${site.siteId}/audit?limit=500`).expect(200)).json as {
      entries: { action: string; entity: string; entityId: string; after: unknown; actor: string }[];
    };
    const about = trail.entries.filter((e) => e.entityId === String(participant.id) && e.entity === 'participant');
    expect(about.map((e) => e.action).reverse()).toEqual([
      'identity.created',
      'consent.recorded',
      'participant.enrolled',
      'visit.recorded',
      'event.recorded',
      'identity.read',
      'participant.withdrawn',
    ]);
    expect(about.every((e) => e.actor === site.nurse.username)).toBe(true);
    const visitEntry = about.find((e) => e.action === 'visit.recorded');
    expect(visitEntry?.after).toMatchObject({ visit: 'D0', outcome: 'missed', missed_reason: 'no staff' });
    expect(trail.entries.some((e) => e.action === 'destruction.requested')).toBe(true);
    expect(trail.entries.some((e) => e.action === 'screening.created')).toBe(true);
  });
});
