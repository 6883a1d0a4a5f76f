import type { Selectable } from 'kysely';
import type { TubesTable } from '../../db/tables-biobank.ts';
import type { Study } from '../../protocol/study.ts';
import { boxPositionText, placeText } from './box-rules.ts';
import { delayExceeded } from './processing-rules.ts';
import type { AliquotRow } from './repo.ts';
import type { AliquotView, BoxView, Centrifugation, TubeView } from './schemas.ts';

/** Rows as the API shows them. Pure. */

/** The sample type of an aliquot under the protocol its participant follows (the current one once destroyed). */
function sampleTypeOf(study: Study, protocolVersion: string | null, code: string) {
  const protocol = (protocolVersion === null ? undefined : study.versions[protocolVersion]) ?? study.current;
  return protocol.samplePlan.sampleTypes.find((type) => type.code === code);
}

export function toAliquotView(row: AliquotRow, study: Study): AliquotView {
  const delay = row.delay_minutes === null ? null : Number(row.delay_minutes);
  return {
    id: Number(row.id),
    barcode: row.barcode,
    tubeId: Number(row.tube_id),
    siteId: Number(row.site_id),
    participantId: row.participant_id === null ? null : Number(row.participant_id),
    studyId: row.study_id,
    visit: row.visit_code,
    sampleType: row.sample_type,
    volumeUl: row.volume_ul === null ? null : Number(row.volume_ul),
    status: row.status as AliquotView['status'],
    boxId: row.box_id === null ? null : Number(row.box_id),
    row: row.box_row === null ? null : Number(row.box_row),
    column: row.box_column === null ? null : Number(row.box_column),
    position: boxPositionText(row.box_name, row.box_row, row.box_column),
    freezeThawCount: Number(row.freeze_thaw_count),
    delayExceeded: delayExceeded(delay, sampleTypeOf(study, row.protocol_version, row.sample_type)),
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

/**
 * Where an aliquot is, in words: "Site · Freezer 1 · Rack A · Box 12 · B7" in a box, else the site and its status
 * ("Site · unplaced"), what the chain of custody and the destruction tasks show.
 */
export function aliquotLocation(row: AliquotRow, siteName: string | undefined): string {
  const place = boxPositionText(row.box_name, row.box_row, row.box_column);
  if (place !== null) return placeText(siteName, row.freezer_name, row.rack_name, place);
  return placeText(siteName, row.status.replaceAll('_', ' '));
}

export type TubeRow = Pick<
  Selectable<TubesTable>,
  | 'id'
  | 'barcode'
  | 'tube_type'
  | 'status'
  | 'drawn_at'
  | 'received_at'
  | 'processed_at'
  | 'centrifuge_json'
  | 'delay_minutes'
  | 'delay_exceeded'
  | 'version'
>;

export function toTubeView(row: TubeRow, aliquots: AliquotView[]): TubeView {
  return {
    id: Number(row.id),
    barcode: row.barcode,
    tubeType: row.tube_type,
    status: row.status as TubeView['status'],
    drawnAt: row.drawn_at,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    centrifugation: row.centrifuge_json === null ? null : (JSON.parse(row.centrifuge_json) as Centrifugation),
    delayMinutes: row.delay_minutes === null ? null : Number(row.delay_minutes),
    delayExceeded: Number(row.delay_exceeded) === 1,
    version: Number(row.version),
    aliquots,
  };
}

export interface BoxRowLike {
  id: number;
  site_id: number;
  rack_id: number | null;
  name: string;
  barcode: string;
  rows: number;
  columns: number;
  created_at: string;
  version: number;
}

export function toBoxView(row: BoxRowLike, used: number): BoxView {
  const rows = Number(row.rows);
  const columns = Number(row.columns);
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    rackId: row.rack_id === null ? null : Number(row.rack_id),
    name: row.name,
    barcode: row.barcode,
    rows,
    columns,
    used,
    free: rows * columns - used,
    createdAt: row.created_at,
    version: Number(row.version),
  };
}
