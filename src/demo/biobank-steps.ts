import type { FakeClock } from '../core/clock.ts';
import { samplesEndpoints } from '../features/samples/contract.ts';
import type { InProcessApi } from './api.ts';
import type { SiteStaff } from './perform.ts';
import { isoDate } from './time.ts';

/**
 * The biobank's work at each site: the week's aliquots loaded into 9 × 9 boxes of the site's −80 °C freezer
 * through the box scanner import (a freezer, a rack and boxes made as they fill), and a box's worth of serum sent
 * to the coordinating centre's lab, in transit at --as-of. `gone`: the participant's samples are to be destroyed.
 */
export interface StoredAliquot {
  patient: number;
  id: number;
  barcode: string;
  sampleType: string;
}

export function biobank(
  api: InProcessApi,
  clock: FakeClock,
  staff: readonly SiteStaff[],
  gone: (patient: number) => boolean,
) {
  const awaitingStorage = staff.map((): StoredAliquot[] => []);
  const stored = staff.map((): StoredAliquot[] => []);
  const boxes = staff.map((): { rackId: number; boxId: number; used: number; count: number } | null => null);

  /** The week's aliquots into 9 × 9 boxes of the site's freezer, a box at a time, as its scanner reads them. */
  const store = async (siteIndex: number) => {
    const site = staff[siteIndex]!;
    const queue = awaitingStorage[siteIndex]!.splice(0).filter((a) => !gone(a.patient));
    while (queue.length > 0) {
      let box = boxes[siteIndex]!;
      if (box === null || box.used === 81) box = boxes[siteIndex] = await newBox(site, box);
      const batch = queue.splice(0, 81 - box.used);
      const content = batch.map((a, i) => `${a.barcode},${positionOf(box.used + i)}`).join('\n');
      await api.call(site.lab, samplesEndpoints.load, { params: { boxId: box.boxId }, body: { content } });
      box.used += batch.length;
      stored[siteIndex]!.push(...batch);
    }
  };

  const newBox = async (site: SiteStaff, previous: { rackId: number; count: number } | null) => {
    let rackId = previous?.rackId;
    if (rackId === undefined) {
      const freezer = await api.call(site.lab, samplesEndpoints.createFreezer, {
        params: { siteId: site.siteId },
        body: { name: `${site.code} −80 °C freezer 1`, kind: 'minus80', location: 'Research lab' },
      });
      rackId = (
        await api.call(site.lab, samplesEndpoints.createRack, {
          params: { freezerId: freezer.id },
          body: { name: 'Rack A', kind: 'rack' },
        })
      ).id;
    }
    const count = (previous?.count ?? 0) + 1;
    const box = await api.call(site.lab, samplesEndpoints.createBox, {
      params: { rackId },
      body: { name: `${site.code} box ${count}`, rows: 9, columns: 9 },
    });
    return { rackId, boxId: box.id, used: 0, count };
  };

  /** Up to 40 stored serum aliquots (the second of each visit) sent to the coordinating centre's lab. */
  const ship = async (siteIndex: number) => {
    const site = staff[siteIndex]!;
    const seen = new Set<number>();
    const serum = stored[siteIndex]!.filter((a) => {
      if (a.sampleType !== 'serum' || gone(a.patient)) return false;
      if (seen.has(a.patient)) return true;
      seen.add(a.patient);
      return false;
    });
    const picked = serum.slice(-40);
    if (picked.length === 0) return;
    const shipment = await api.call(site.lab, samplesEndpoints.createShipment, {
      params: { siteId: site.siteId },
      body: {
        toSiteId: staff[0]!.siteId,
        aliquotIds: picked.map((a) => a.id),
        courier: 'World Courier',
        tracking: `WC${site.code}${isoDate(clock.now().getTime()).replace(/-/g, '')}`,
        temperature: 'dry ice',
      },
    });
    await api.call(site.lab, samplesEndpoints.send, {
      params: { shipmentId: shipment.id },
      body: { version: shipment.version },
    });
  };

  return {
    awaiting: (siteIndex: number, aliquot: StoredAliquot) => awaitingStorage[siteIndex]!.push(aliquot),
    store,
    ship,
  };
}

/** Box positions row by row: A1 … A9, B1 … I9. */
const positionOf = (index: number) => `${String.fromCharCode(65 + Math.floor(index / 9))}${(index % 9) + 1}`;
