import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import {
  aliquotAt as at,
  bloodDrawn,
  boxMapOf,
  edtaTube,
  participantWithAliquots,
  placed,
  processed,
  storageBox,
  type AliquotOf,
  type BoxMapOf,
  type BoxOf,
} from '../support/sample-fixtures.ts';
import { enrolled, studySite, withToken, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf, type TestClient } from '../support/test-client.ts';

/**
 * The biobank over HTTP on both engines: a visit's tubes processed into aliquots (delays flagged, labels), storage
 * and a box map, placing and moving (one position, one aliquot, also under concurrency), bulk loads from a
 * scanner's file (all or nothing, every problem with its line), and other sites kept out. Shipments and
 * destruction: sample-custody.test.ts.
 */
describe.each(engines)('samples and storage on $name', (engine) => {
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

  it('processes a visit: tubes into aliquots with barcodes, delays flagged per sample type, custody recorded', async () => {
    const participant = await enrolled(site.nurse, site.siteId);
    const path = `/api/participants/${participant.id}/samples/D0`;
    const notDrawn = await lab.call('POST', path, { tubes: [edtaTube()] });
    expect(notDrawn.status).toBe(409);
    expect(errorOf(notDrawn)).toMatchObject({ key: 'samples.noBloodDrawn', field: 'visit' });
    await bloodDrawn(site.nurse, participant.id);

    // Drawn at 03:30Z, processed at 08:55Z: 325 minutes, past plasma's 240, within RNA's none.
    const late = {
      drawnAt: '2026-03-02T03:30:00Z',
      receivedAt: '2026-03-02T08:00:00Z',
      processedAt: '2026-03-02T08:55:00Z',
    };
    const view = await processed(lab, participant.id, [
      edtaTube(2, { ...late, barcode: 'EDTA-OWN-1' }),
      {
        tubeType: 'PAXGENE',
        ...late,
        aliquots: [{ sampleType: 'rna', count: 1 }],
      },
    ]);
    const [edta, paxgene] = view.visits[0]!.tubes;
    expect(view.visits.map((v) => v.visit)).toEqual(['D0']);
    expect(edta).toMatchObject({ barcode: 'EDTA-OWN-1', tubeType: 'EDTA', delayMinutes: 325, delayExceeded: true });
    expect(edta!.aliquots.map((a) => [a.sampleType, a.delayExceeded, a.status])).toEqual([
      ['plasma', true, 'unplaced'],
      ['plasma', true, 'unplaced'],
    ]);
    expect(edta!.aliquots.every((a) => /^A\d{9}$/.test(a.barcode))).toBe(true);
    expect(paxgene).toMatchObject({
      delayExceeded: false,
      aliquots: [{ sampleType: 'rna', delayExceeded: false, volumeUl: 2500 }],
    });
    expect(paxgene!.barcode).toMatch(/^T\d{8}$/);

    const read = (await site.nurse.call('GET', `/api/participants/${participant.id}/samples`).expect(200)).json;
    expect(read).toEqual(view);

    // Labels of the visit's aliquots: ZPL for a Zebra printer, an A4 sheet as PDF.
    const zpl = await lab.call('GET', `/api/participants/${participant.id}/samples/D0/labels?format=zpl`).expect(200);
    expect(zpl.headers['content-type']).toMatch(/^text\/plain/);
    expect(zpl.text.match(/\^XA/g)).toHaveLength(3);
    expect(zpl.text).toContain(`^FD${edta!.aliquots[0]!.barcode}^FS`);
    expect(zpl.text).toContain(participant.studyId);
    const sheet = await lab.call('GET', `/api/participants/${participant.id}/samples/D0/labels`).expect(200);
    expect(sheet.headers['content-type']).toBe('application/pdf');
    expect(sheet.text.startsWith('%PDF-')).toBe(true);
    const none = await lab.call('GET', `/api/participants/${participant.id}/samples/D3/labels`);
    expect(errorOf(none)).toMatchObject({ key: 'samples.noAliquots', field: 'visit' });

    // Refusals: a second EDTA pair (the visit drew two), a barcode in use, a type the tube does not make.
    const more = await lab.call('POST', path, { tubes: [edtaTube(1), edtaTube(1)] });
    expect(more.status).toBe(409);
    expect(errorOf(more)).toMatchObject({ key: 'samples.tooManyTubes', field: 'tubes.1.tubeType' });
    const taken = await lab.call('POST', path, { tubes: [edtaTube(1, { barcode: 'EDTA-OWN-1' })] });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({
      key: 'samples.barcodeTaken',
      message: 'barcode EDTA-OWN-1 is in use already',
    });
    const serum = await lab.call('POST', path, {
      tubes: [edtaTube(1, { aliquots: [{ sampleType: 'serum', count: 1 }] })],
    });
    expect(errorOf(serum)).toMatchObject({ field: 'tubes.0.aliquots.0.sampleType', key: 'samples.notMadeFromTube' });
    const backwards = await lab.call('POST', path, {
      tubes: [edtaTube(1, { receivedAt: '2026-03-02T08:00:00Z' })],
    });
    expect(errorOf(backwards)).toMatchObject({ field: 'tubes.0.receivedAt', key: 'samples.receivedBeforeDrawn' });
    const future = await lab.call('POST', path, { tubes: [edtaTube(1, { processedAt: '2026-03-02T12:00:00Z' })] });
    expect(errorOf(future)).toMatchObject({ field: 'tubes.0.processedAt', key: 'samples.inFuture' });

    const custody = await t.raw
      .selectFrom('custody_events')
      .select(['event', 'at'])
      .where('tube_id', '=', edta!.id)
      .orderBy('id')
      .execute();
    expect(custody.map((c) => c.event)).toEqual(['drawn', 'received', 'processed', 'aliquoted', 'aliquoted']);
    expect(custody[0]!.at).toBe('2026-03-02T03:30:00.000Z');
    const audited = await t.raw
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'samples.processed')
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('keeps storage as data: freezers, racks, boxes with free positions, and a box map', async () => {
    const { box, freezerId } = await storageBox(lab, site.siteId, 'map', 8, 12);
    expect(box).toMatchObject({ rows: 8, columns: 12, used: 0, free: 96 });
    expect(box.barcode).toMatch(/^B\d{8}$/);
    const again = await lab.call('POST', `/api/sites/${site.siteId}/freezers`, {
      name: 'Freezer map',
      kind: 'minus80',
    });
    expect(again.status).toBe(409);
    const nurseTries = await site.nurse.call('POST', `/api/freezers/${freezerId}/racks`, { name: 'R', kind: 'shelf' });
    expect(nurseTries.status).toBe(403);

    const { participant, aliquots } = await withAliquots(2);
    await placed(lab, aliquots[0]!, box.id, 'B7');
    const map = await boxMap(box.id);
    expect(map.positions).toHaveLength(96);
    expect(map.box).toMatchObject({ used: 1, free: 95, location: 'Hospital BIO · Freezer map · Rack map' });
    expect(at(map, 'B7')).toMatchObject({
      barcode: aliquots[0]!.barcode,
      studyId: participant.studyId,
      status: 'stored',
    });
    expect(at(map, 'A1')).toBeNull();

    const tree = (await lab.call('GET', `/api/sites/${site.siteId}/storage`).expect(200)).json as {
      freezers: { name: string; racks: { boxes: BoxOf[] }[] }[];
    };
    const mine = tree.freezers.find((f) => f.name === 'Freezer map');
    expect(mine?.racks[0]?.boxes[0]).toMatchObject({ id: box.id, used: 1, free: 95 });
  });

  it('places, refuses a taken position naming it and its aliquot, moves, finds by barcode and takes out', async () => {
    const { box } = await storageBox(lab, site.siteId, 'place', 3, 3);
    const { aliquots } = await withAliquots(2);
    const [first, second] = aliquots as [AliquotOf, AliquotOf];
    const stored = await placed(lab, first, box.id, 'A1');
    expect(stored).toMatchObject({ status: 'stored', position: 'Box place · A1', version: first.version + 1 });

    const taken = await lab.call('PUT', `/api/aliquots/${second.id}/position`, {
      version: second.version,
      boxId: box.id,
      position: 'a1',
    });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({
      key: 'samples.positionTaken',
      message: `A1 holds ${first.barcode} already`,
      field: 'position',
    });
    const outside = await lab.call('PUT', `/api/aliquots/${second.id}/position`, {
      version: second.version,
      boxId: box.id,
      position: 'D1',
    });
    expect(errorOf(outside)).toMatchObject({ key: 'samples.positionOutside', field: 'position' });
    const stale = await lab.call('PUT', `/api/aliquots/${first.id}/position`, {
      version: first.version,
      boxId: box.id,
      position: 'C3',
    });
    expect(stale.status).toBe(409);
    expect(errorOf(stale)).toMatchObject({ key: 'samples.stale' });

    const moved = await placed(lab, stored, box.id, 'C3');
    expect(moved.position).toBe('Box place · C3');
    const found = (await lab.call('GET', `/api/sites/${site.siteId}/aliquots?barcode=${first.barcode}`).expect(200))
      .json as {
      aliquots: { location: string; custody: { event: string; location: string | null; details: unknown }[] }[];
    };
    expect(found.aliquots).toHaveLength(1);
    expect(found.aliquots[0]!.location).toBe('Hospital BIO · Freezer place · Rack place · Box place · C3');
    expect(found.aliquots[0]!.custody.map((c) => c.event)).toEqual([
      'drawn',
      'received',
      'processed',
      'aliquoted',
      'frozen',
      'moved',
    ]);
    expect(found.aliquots[0]!.custody.at(-1)).toMatchObject({
      details: {
        from: 'Hospital BIO · Freezer place · Rack place · Box place · A1',
        to: 'Hospital BIO · Freezer place · Rack place · Box place · C3',
      },
    });

    const thawed = (await lab.call('POST', `/api/aliquots/${first.id}/thaw`, { version: moved.version }).expect(200))
      .json as AliquotOf;
    expect(thawed).toMatchObject({ freezeThawCount: 1, position: 'Box place · C3' });
    const out = (
      await lab.call('PUT', `/api/aliquots/${first.id}/position`, { version: thawed.version, boxId: null }).expect(200)
    ).json as AliquotOf;
    expect(out).toMatchObject({ status: 'unplaced', position: null });
    const used = (
      await lab
        .call('POST', `/api/aliquots/${second.id}/use`, { version: second.version, assay: 'luminex' })
        .expect(200)
    ).json as AliquotOf;
    expect(used.status).toBe('used');
    const placeUsed = await lab.call('PUT', `/api/aliquots/${second.id}/position`, {
      version: used.version,
      boxId: box.id,
      position: 'A1',
    });
    expect(errorOf(placeUsed)).toMatchObject({ key: 'samples.notPlaceable' });
  });

  it('lets exactly one of two aliquots have a position claimed by both at once', async () => {
    const { box } = await storageBox(lab, site.siteId, 'race', 2, 2);
    for (let round = 0; round < 6; round += 1) {
      const { aliquots } = await withAliquots(2);
      const position = ['A1', 'A2', 'B1', 'B2'][round % 4]!;
      if (round === 4) {
        // Empty the box for the last rounds.
        const map = await boxMap(box.id);
        for (const p of map.positions.filter((x) => x.aliquot !== null)) {
          const row = await t.raw
            .selectFrom('aliquots')
            .select(['id', 'version'])
            .where('barcode', '=', p.aliquot!.barcode)
            .executeTakeFirstOrThrow();
          await lab.call('PUT', `/api/aliquots/${row.id}/position`, { version: row.version, boxId: null }).expect(200);
        }
      }
      const replies = await Promise.all(
        aliquots.map((a) =>
          lab.call('PUT', `/api/aliquots/${a.id}/position`, { version: a.version, boxId: box.id, position }),
        ),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses, replies.map((r) => r.text).join('\n')).toEqual([200, 409]);
      const loser = replies.find((r) => r.status === 409)!;
      const winner = aliquots[replies.findIndex((r) => r.status === 200)]!;
      expect(errorOf(loser)).toMatchObject({
        key: 'samples.positionTaken',
        message: `${position} holds ${winner.barcode} already`,
      });
      expect(at(await boxMap(box.id), position)?.barcode).toBe(winner.barcode);
    }
  });

  it('loads a box from a scanner file, all or nothing, reporting every problem with its line', async () => {
    const { box } = await storageBox(lab, site.siteId, 'load', 4, 4);
    const { aliquots } = await withAliquots(6);
    const [a, b, c, d, e, f] = aliquots.map((x) => x.barcode) as [string, string, string, string, string, string];
    await placed(lab, aliquots[3]!, box.id, 'D4');
    const bad = ['Barcode;Position', `${a};A1`, `${b};E1`, `NOPE-1;A2`, `${c};A1`, `${a};B2`, `${e};D4`, `${f};x`].join(
      '\n',
    );
    const refused = await lab.call('POST', `/api/boxes/${box.id}/load`, { content: bad });
    expect(refused.status).toBe(400);
    const error = (
      refused.json as {
        error: {
          field: string;
          line: number;
          details: { line: number; column: number; field: string; message: string }[];
        };
      }
    ).error;
    expect(error).toMatchObject({ field: 'content', line: 3 });
    expect(error.details.map((p) => [p.line, p.column, p.field])).toEqual([
      [3, 2, 'position'],
      [4, 1, 'barcode'],
      [5, 2, 'position'],
      [6, 1, 'barcode'],
      [7, 2, 'position'],
      [8, 2, 'position'],
    ]);
    expect(error.details[2]!.message).toBe('A1 is on line 2 already');
    expect(error.details[4]!.message).toBe(`D4 holds ${d} already`);
    expect((await boxMap(box.id)).box.used).toBe(1);

    // A good file, with D4's own aliquot moving to B2 and `,` as separator, no header.
    const good = [`${a},A1`, `${b},A2`, `${c},D4`, `${d},B2`].join('\r\n');
    const loaded = (await lab.call('POST', `/api/boxes/${box.id}/load`, { content: good }).expect(200))
      .json as BoxMapOf;
    expect(['A1', 'A2', 'D4', 'B2'].map((p) => at(loaded, p)?.barcode)).toEqual([a, b, c, d]);
    expect(loaded.box.used).toBe(4);
  });

  it("answers not found for another site's box, aliquot and shipment", async () => {
    const other = await studySite(t, 'OTH');
    const otherLab = await withToken(await t.userWith([{ siteId: other.siteId, role: 'lab_technician' }]));
    const { box } = await storageBox(lab, site.siteId, 'mine', 2, 2);
    const { participant, aliquots } = await withAliquots(1);
    expect((await otherLab.call('GET', `/api/boxes/${box.id}`)).status).toBe(404);
    expect((await otherLab.call('GET', `/api/participants/${participant.id}/samples`)).status).toBe(404);
    const place = await otherLab.call('PUT', `/api/aliquots/${aliquots[0]!.id}/position`, {
      version: aliquots[0]!.version,
      boxId: box.id,
      position: 'A1',
    });
    expect(place.status).toBe(404);
    const load = await otherLab.call('POST', `/api/boxes/${box.id}/load`, { content: `${aliquots[0]!.barcode},A1` });
    expect(load.status).toBe(404);
  });
});
