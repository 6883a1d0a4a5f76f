import { enrolled, withToken, type Participant } from './study-fixtures.ts';
import type { TestApp } from './test-app.ts';
import type { TestClient } from './test-client.ts';

/**
 * Building blocks for biobank tests: a visit with blood drawn, its tubes processed into aliquots, storage down to a
 * box. The test app's clock starts at 2026-03-02T09:00Z; the draw is at 08:30Z, the processing 28 minutes later.
 */

export interface AliquotOf {
  id: number;
  barcode: string;
  sampleType: string;
  status: string;
  version: number;
  delayExceeded: boolean;
  position: string | null;
  freezeThawCount: number;
}

export interface SamplesView {
  participantId: number;
  studyId: string;
  toBeDestroyed: boolean;
  visits: {
    visit: string;
    tubes: {
      id: number;
      barcode: string;
      tubeType: string;
      delayMinutes: number | null;
      delayExceeded: boolean;
      aliquots: AliquotOf[];
    }[];
  }[];
}

export interface BoxOf {
  id: number;
  name: string;
  barcode: string;
  rows: number;
  columns: number;
  used: number;
  free: number;
  version: number;
}

/** Records visit D0 (or another) as done at 08:30Z with the protocol's tubes drawn. */
export async function bloodDrawn(client: TestClient, participantId: number, visit = 'D0'): Promise<void> {
  await client
    .call('POST', `/api/participants/${participantId}/visits`, {
      visit,
      outcome: 'done',
      occurredAt: '2026-03-02T09:30:00+01:00',
      bloodDrawn: true,
    })
    .expect(201);
}

/** One EDTA tube drawn at 08:30Z, processed at 08:58Z, into `count` plasma aliquots. */
export function edtaTube(count = 2, overrides: Record<string, unknown> = {}) {
  return {
    tubeType: 'EDTA',
    drawnAt: '2026-03-02T09:30:00+01:00',
    receivedAt: '2026-03-02T08:45:00Z',
    processedAt: '2026-03-02T08:58:00Z',
    centrifugation: { g: 1500, minutes: 10, temperatureC: 4 },
    aliquots: [{ sampleType: 'plasma', volumeUl: 500, count }],
    ...overrides,
  };
}

/** Processes tubes of a visit with blood drawn; the participant's samples as they read afterwards. */
export async function processed(
  client: TestClient,
  participantId: number,
  tubes: unknown[] = [edtaTube()],
  visit = 'D0',
): Promise<SamplesView> {
  const reply = await client.call('POST', `/api/participants/${participantId}/samples/${visit}`, { tubes }).expect(201);
  return reply.json as SamplesView;
}

/** The aliquots of a samples view, in order. */
export const aliquotsOf = (view: SamplesView): AliquotOf[] =>
  view.visits.flatMap((v) => v.tubes.flatMap((t) => t.aliquots));

/** A freezer, a rack in it and a box of `rows` × `columns` in that, made by someone who manages storage. */
export async function storageBox(
  lab: TestClient,
  siteId: number,
  name: string,
  rows = 9,
  columns = 9,
): Promise<{ freezerId: number; rackId: number; box: BoxOf }> {
  const freezer = (
    await lab
      .call('POST', `/api/sites/${siteId}/freezers`, { name: `Freezer ${name}`, kind: 'minus80', location: 'Lab 2' })
      .expect(201)
  ).json as { id: number };
  const rack = (
    await lab.call('POST', `/api/freezers/${freezer.id}/racks`, { name: `Rack ${name}`, kind: 'rack' }).expect(201)
  ).json as { id: number };
  const box = (
    await lab.call('POST', `/api/racks/${rack.id}/boxes`, { name: `Box ${name}`, rows, columns }).expect(201)
  ).json as BoxOf;
  return { freezerId: freezer.id, rackId: rack.id, box };
}

/** Puts an aliquot in a box position. */
export async function placed(
  client: TestClient,
  aliquot: AliquotOf,
  boxId: number,
  position: string,
): Promise<AliquotOf> {
  const reply = await client
    .call('PUT', `/api/aliquots/${aliquot.id}/position`, { version: aliquot.version, boxId, position })
    .expect(200);
  return reply.json as AliquotOf;
}

/** What the table-driven tests aim the biobank's routes at (test/support/route-samples.ts). */
export interface BiobankObjects {
  freezerId: number;
  rackId: number;
  boxId: number;
  /** An aliquot stored in the box at A1. */
  aliquotId: number;
  aliquotBarcode: string;
  /** The visit whose tubes were processed. */
  visit: string;
  /** A prepared shipment of another aliquot to the site's central lab. */
  shipmentId: number;
  centralSiteId: number;
  /** An open destruction task of another participant's sample (withdrawn, destruction approved). */
  taskId: number;
}

/**
 * A site's biobank with something of everything: D0 of `participantId` processed into two aliquots, one stored
 * in a box, the other in a prepared shipment to a central lab (a site of its own, `<code>C`), and another
 * participant's samples awaiting destruction after an approved withdrawal.
 */
export async function populatedBiobank(
  t: TestApp,
  siteId: number,
  code: string,
  nurse: TestClient,
  participantId: number,
): Promise<BiobankObjects> {
  const lab = await withToken(await t.userWith([{ siteId, role: 'lab_technician' }]));
  await bloodDrawn(nurse, participantId);
  const [stored, shipped] = aliquotsOf(await processed(lab, participantId, [edtaTube(2)])) as [AliquotOf, AliquotOf];
  const { freezerId, rackId, box } = await storageBox(lab, siteId, code);
  await placed(lab, stored, box.id, 'A1');
  const central = (
    await t.admin.call('POST', '/api/sites', { code: `${code}C`, name: `Central lab ${code}` }).expect(201)
  ).json as { id: number };
  const shipment = (
    await lab
      .call('POST', `/api/sites/${siteId}/shipments`, { toSiteId: central.id, aliquotIds: [shipped.id] })
      .expect(201)
  ).json as { id: number };

  const leaving = await enrolled(nurse, siteId);
  await bloodDrawn(nurse, leaving.id);
  await processed(lab, leaving.id, [edtaTube(1)]);
  const withdrawn = (
    await nurse
      .call('POST', `/api/participants/${leaving.id}/withdrawal`, {
        date: '2026-03-02',
        requestedBy: 'participant',
        scope: 'destroy_samples',
      })
      .expect(201)
  ).json as { destruction: { id: number } };
  const investigator = await withToken(await t.userWith([{ siteId, role: 'investigator' }]));
  await investigator.call('POST', `/api/destructions/${withdrawn.destruction.id}/approve`, {}).expect(200);
  const tasks = (await lab.call('GET', `/api/sites/${siteId}/destruction-tasks?status=open`).expect(200)).json as {
    tasks: { id: number }[];
  };
  return {
    freezerId,
    rackId,
    boxId: box.id,
    aliquotId: stored.id,
    aliquotBarcode: stored.barcode,
    visit: 'D0',
    shipmentId: shipment.id,
    centralSiteId: central.id,
    taskId: tasks.tasks[0]!.id,
  };
}

export interface BoxMapOf {
  box: BoxOf & { location: string };
  positions: { position: string; aliquot: { barcode: string; studyId: string | null; status: string } | null }[];
}

export async function boxMapOf(client: TestClient, boxId: number): Promise<BoxMapOf> {
  return (await client.call('GET', `/api/boxes/${boxId}`).expect(200)).json as BoxMapOf;
}

/** What a box map shows at a position: the aliquot, or null for a free one. */
export const aliquotAt = (map: BoxMapOf, position: string) =>
  map.positions.find((p) => p.position === position)?.aliquot ?? null;

/** A new participant of the site with D0 drawn and one EDTA tube processed (by `lab`) into `count` plasma aliquots. */
export async function participantWithAliquots(
  nurse: TestClient,
  lab: TestClient,
  siteId: number,
  count = 2,
): Promise<{ participant: Participant; aliquots: AliquotOf[] }> {
  const participant = await enrolled(nurse, siteId);
  await bloodDrawn(nurse, participant.id);
  const view = await processed(lab, participant.id, [edtaTube(count)]);
  return { participant, aliquots: aliquotsOf(view) };
}
