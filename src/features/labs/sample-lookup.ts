import type { Study } from '../../protocol/study.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import { findSamplesByBarcodes } from '../samples/public.ts';
import type { KnownSample } from './result-checks.ts';

/**
 * The biobank's samples by barcode, remembered for the whole file: a long file names each sample hundreds of
 * times, and asks the database once per sample. A tube can give what its type makes (under any protocol version).
 * A sample's site is its participant's: results are the participant's data, wherever the aliquot is kept.
 */
export class SampleLookup {
  private readonly known = new Map<string, KnownSample | null>();
  private readonly makes: ReadonlyMap<string, readonly string[]>;

  constructor(
    private readonly db: StudyDb,
    study: Study,
  ) {
    const makes = new Map<string, string[]>();
    for (const protocol of Object.values(study.versions)) {
      for (const tube of protocol.samplePlan.tubes) {
        makes.set(tube.code, [...new Set([...(makes.get(tube.code) ?? []), ...tube.makes])]);
      }
    }
    this.makes = makes;
  }

  async find(barcodes: readonly string[]): Promise<ReadonlyMap<string, KnownSample | null>> {
    const unknown = [...new Set(barcodes)].filter((barcode) => !this.known.has(barcode));
    if (unknown.length > 0) {
      for (const barcode of unknown) this.known.set(barcode, null);
      const found = await findSamplesByBarcodes(this.db, unknown);
      const sites = await this.participantSites(
        found.flatMap((s) => (s.participantId === null ? [] : [s.participantId])),
      );
      for (const sample of found) {
        const siteId = sample.participantId === null ? sample.siteId : sites.get(sample.participantId);
        // A participant outside the caller's sites: the sample is unknown to them, wherever it is kept.
        if (siteId === undefined) continue;
        this.known.set(sample.barcode, {
          kind: sample.kind,
          barcode: sample.barcode,
          sampleTypes: sample.kind === 'aliquot' ? [sample.sampleType] : (this.makes.get(sample.tubeType) ?? []),
          siteId,
          participantId: sample.participantId,
          visitCode: sample.visitCode,
          tubeId: sample.kind === 'tube' ? sample.id : sample.tubeId,
          aliquotId: sample.kind === 'aliquot' ? sample.id : null,
        });
      }
    }
    return this.known;
  }

  /** Results belong to the participant's site, also for an aliquot kept at the central laboratory. */
  private async participantSites(ids: readonly number[]): Promise<Map<number, number>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.selectFrom('participants').select(['id', 'site_id']).where('id', 'in', unique).execute();
    return new Map(rows.map((row) => [Number(row.id), Number(row.site_id)]));
  }
}
