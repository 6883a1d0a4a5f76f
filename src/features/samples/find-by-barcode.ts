import type { StudyDb } from '../../kernel/study-db.ts';

interface Found {
  id: number;
  barcode: string;
  siteId: number;
  /** null once the participant's data were destroyed. */
  participantId: number | null;
  visitCode: string;
  status: string;
}

/** A tube or an aliquot found by its barcode (lab results name either). */
export type FoundSample =
  (Found & { kind: 'tube'; tubeType: string }) | (Found & { kind: 'aliquot'; sampleType: string; tubeId: number });

/**
 * Tubes and aliquots by barcode, at the sites of the handle's scope (a barcode elsewhere is not found); at most
 * one each, barcodes being unique across tubes and aliquots. Two queries whatever the number of barcodes, in
 * chunks that stay under the engines' parameter limits.
 */
export async function findSamplesByBarcodes(db: StudyDb, barcodes: readonly string[]): Promise<FoundSample[]> {
  const wanted = [...new Set(barcodes)];
  const found: FoundSample[] = [];
  for (let start = 0; start < wanted.length; start += 1000) {
    const chunk = wanted.slice(start, start + 1000);
    const [tubes, aliquots] = await Promise.all([
      db
        .selectFrom('tubes')
        .select(['id', 'barcode', 'site_id', 'participant_id', 'visit_code', 'tube_type', 'status'])
        .where('barcode', 'in', chunk)
        .execute(),
      db
        .selectFrom('aliquots')
        .select(['id', 'barcode', 'site_id', 'participant_id', 'visit_code', 'sample_type', 'tube_id', 'status'])
        .where('barcode', 'in', chunk)
        .execute(),
    ]);
    for (const t of tubes) {
      found.push({
        kind: 'tube',
        id: Number(t.id),
        barcode: t.barcode,
        siteId: Number(t.site_id),
        participantId: t.participant_id === null ? null : Number(t.participant_id),
        visitCode: t.visit_code,
        status: t.status,
        tubeType: t.tube_type,
      });
    }
    for (const a of aliquots) {
      found.push({
        kind: 'aliquot',
        id: Number(a.id),
        barcode: a.barcode,
        siteId: Number(a.site_id),
        participantId: a.participant_id === null ? null : Number(a.participant_id),
        visitCode: a.visit_code,
        status: a.status,
        sampleType: a.sample_type,
        tubeId: Number(a.tube_id),
      });
    }
  }
  return found;
}
