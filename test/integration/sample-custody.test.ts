import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import {
  aliquotAt as at,
  aliquotsOf,
  boxMapOf,
  edtaTube,
  participantWithAliquots,
  placed,
  storageBox,
} from '../support/sample-fixtures.ts';
import { studySite, withToken, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf, type TestClient } from '../support/test-client.ts';

interface ShipmentDetail {
  id: number;
  status: string;
  version: number;
  itemCount: number;
  discrepancies: number;
  items: {
    aliquotId: number;
    barcode: string;
    box: string | null;
    position: string | null;
    receipt: string | null;
    status: string;
  }[];
}
interface Task {
  id: number;
  barcode: string;
  kind: string;
  location: string;
  status: string;
  version: number;
  doneBy: string | null;
}

/**
 * The chain of custody beyond one site's freezers, over HTTP on both engines: shipments prepared, sent and
 * received with discrepancies and manifests, and the destruction of a withdrawn participant's samples through
 * the lab's tasks.
 */
describe.each(engines)('sample shipments and destruction on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let lab: TestClient;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'BIO');
    lab = await withToken(await t.userWith([{ siteId: site.siteId, role: 'lab_technician' }]));
  });
  afterAll(() => t.close());

  const boxMap = (boxId: number) => boxMapOf(lab, boxId);
  const withAliquots = (count = 2) => participantWithAliquots(site.nurse, lab, site.siteId, count);

  it('ships aliquots to another site: prepared, sent, received with a missing item as a discrepancy', async () => {
    const central = await studySite(t, 'CEN');
    const centralLab = await withToken(await t.userWith([{ siteId: central.siteId, role: 'lab_technician' }]));
    const { box } = await storageBox(lab, site.siteId, 'ship', 3, 3);
    const { participant, aliquots } = await withAliquots(3);
    await placed(lab, aliquots[0]!, box.id, 'A1');
    await placed(lab, aliquots[1]!, box.id, 'A2');
    const prepared = (
      await lab
        .call('POST', `/api/sites/${site.siteId}/shipments`, {
          toSiteId: central.siteId,
          boxIds: [box.id],
          aliquotIds: [aliquots[2]!.id],
          courier: 'TNT',
          temperature: 'dry ice',
        })
        .expect(201)
    ).json as ShipmentDetail;
    expect(prepared).toMatchObject({ status: 'prepared', itemCount: 3 });
    const twice = await lab.call('POST', `/api/sites/${site.siteId}/shipments`, {
      toSiteId: central.siteId,
      aliquotIds: [aliquots[2]!.id],
    });
    expect(errorOf(twice)).toMatchObject({ key: 'samples.inOpenShipment' });
    const receiveEarly = await centralLab.call('POST', `/api/shipments/${prepared.id}/receive`, {
      version: prepared.version,
      items: [{ aliquotId: aliquots[0]!.id, receipt: 'received' }],
    });
    expect(errorOf(receiveEarly)).toMatchObject({ key: 'samples.shipmentStatus' });

    const sent = (
      await lab.call('POST', `/api/shipments/${prepared.id}/send`, { version: prepared.version }).expect(200)
    ).json as ShipmentDetail;
    expect(sent.status).toBe('sent');
    expect(sent.items.map((i) => [i.status, i.box, i.position])).toEqual([
      ['in_transit', 'Box ship', 'A1'],
      ['in_transit', 'Box ship', 'A2'],
      ['in_transit', null, null],
    ]);
    expect((await boxMap(box.id)).box.used).toBe(0);
    const csv = await lab.call('GET', `/api/shipments/${prepared.id}/manifest?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toContain(`"Box ship","A1","${aliquots[0]!.barcode}","${participant.studyId}"`);
    const pdf = await centralLab.call('GET', `/api/shipments/${prepared.id}/manifest?format=pdf`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF-')).toBe(true);

    // The sender cannot receive; the receiver must account for every item.
    const bySender = await lab.call('POST', `/api/shipments/${prepared.id}/receive`, {
      version: sent.version,
      items: [{ aliquotId: aliquots[0]!.id, receipt: 'received' }],
    });
    expect(bySender.status).toBe(404);
    const partial = await centralLab.call('POST', `/api/shipments/${prepared.id}/receive`, {
      version: sent.version,
      items: [{ aliquotId: aliquots[0]!.id, receipt: 'received' }],
    });
    expect(errorOf(partial)).toMatchObject({ key: 'samples.unaccounted', field: 'items' });
    const received = (
      await centralLab
        .call('POST', `/api/shipments/${prepared.id}/receive`, {
          version: sent.version,
          items: [
            { aliquotId: aliquots[0]!.id, receipt: 'received' },
            { aliquotId: aliquots[1]!.id, receipt: 'damaged', note: 'cracked lid' },
            { aliquotId: aliquots[2]!.id, receipt: 'missing' },
          ],
        })
        .expect(200)
    ).json as ShipmentDetail;
    expect(received).toMatchObject({ status: 'received', discrepancies: 2 });
    expect(received.items.map((i) => [i.receipt, i.status])).toEqual([
      ['received', 'unplaced'],
      ['damaged', 'unplaced'],
      ['missing', 'in_transit'],
    ]);
    const listed = (await centralLab.call('GET', `/api/sites/${central.siteId}/shipments`).expect(200)).json as {
      shipments: { id: number; discrepancies: number }[];
    };
    expect(listed.shipments.find((s) => s.id === prepared.id)?.discrepancies).toBe(2);
    // The received aliquots are the central lab's now: it finds and places them; the participant still lists them.
    const there = (await centralLab.call('GET', `/api/sites/${central.siteId}/aliquots?status=unplaced`).expect(200))
      .json as { aliquots: { barcode: string; custody: { event: string; location: string | null }[] }[] };
    expect(there.aliquots.map((x) => x.barcode).sort()).toEqual([aliquots[0]!.barcode, aliquots[1]!.barcode].sort());
    expect(there.aliquots[0]!.custody.at(-1)).toMatchObject({ event: 'received', location: 'Hospital CEN' });
    const samples = (await site.nurse.call('GET', `/api/participants/${participant.id}/samples`).expect(200)).json;
    expect(aliquotsOf(samples as never).map((x) => x.status)).toEqual(['unplaced', 'unplaced', 'in_transit']);
  });

  it('destroys a withdrawn participant’s samples through tasks: done by the lab, gone from the box', async () => {
    const { box } = await storageBox(lab, site.siteId, 'destroy', 3, 3);
    const { participant, aliquots } = await withAliquots(2);
    await placed(lab, aliquots[0]!, box.id, 'B2');
    const withdrawn = (
      await site.nurse
        .call('POST', `/api/participants/${participant.id}/withdrawal`, {
          date: '2026-03-02',
          requestedBy: 'participant',
          scope: 'destroy_data_and_samples',
        })
        .expect(201)
    ).json as Participant;
    const refused = await lab.call('POST', `/api/participants/${participant.id}/samples/D0`, { tubes: [edtaTube(1)] });
    expect(errorOf(refused)).toMatchObject({ key: 'samples.samplesToBeDestroyed' });
    await site.investigator.call('POST', `/api/destructions/${withdrawn.destruction!.id}/approve`, {}).expect(200);

    const open = (await lab.call('GET', `/api/sites/${site.siteId}/destruction-tasks?status=open`).expect(200))
      .json as {
      tasks: Task[];
    };
    const mine = open.tasks.filter((task) => [...aliquots.map((a) => a.barcode)].includes(task.barcode));
    expect(mine.map((task) => task.location)).toEqual([
      'Hospital BIO · Freezer destroy · Rack destroy · Box destroy · B2',
      'Hospital BIO · unplaced',
    ]);
    expect(open.tasks.filter((task) => task.kind === 'tube').length).toBeGreaterThan(0);
    // The samples outlive the data, without the link to the participant.
    const rows = await t.raw
      .selectFrom('aliquots')
      .select('participant_id')
      .where(
        'id',
        'in',
        aliquots.map((a) => a.id),
      )
      .execute();
    expect(rows.map((r) => r.participant_id)).toEqual([null, null]);
    expect(at(await boxMap(box.id), 'B2')).toMatchObject({ barcode: aliquots[0]!.barcode, studyId: null });

    const nurseTries = await site.nurse.call('POST', `/api/destruction-tasks/${mine[0]!.id}/done`, {
      version: mine[0]!.version,
    });
    expect(nurseTries.status).toBe(403);
    const done = (
      await lab.call('POST', `/api/destruction-tasks/${mine[0]!.id}/done`, { version: mine[0]!.version }).expect(200)
    ).json as Task;
    expect(done).toMatchObject({ status: 'done', doneBy: lab.username, location: 'Hospital BIO · destroyed' });
    const again = await lab.call('POST', `/api/destruction-tasks/${mine[0]!.id}/done`, { version: done.version });
    expect(errorOf(again)).toMatchObject({ key: 'samples.taskDone' });
    expect(at(await boxMap(box.id), 'B2')).toBeNull();
    const custody = await t.raw
      .selectFrom('custody_events')
      .select(['event', 'by_name', 'participant_id'])
      .where('aliquot_id', '=', aliquots[0]!.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(custody).toEqual({ event: 'destroyed', by_name: lab.username, participant_id: null });
    expect((await verifyAuditChain(t.database.kysely)).ok).toBe(true);
  });
});
