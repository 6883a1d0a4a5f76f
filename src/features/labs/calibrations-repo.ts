import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { CalibrationView } from './contract.ts';

const columns = [
  'id',
  'run_label',
  'acquired_on',
  'bead_lot',
  'beads_json',
  'slope',
  'intercept',
  'r2',
  'warnings_json',
  'created_at',
] as const;

/** Bead calibrations by id (the ones behind a list of results). */
export async function calibrationsById(
  db: Kysely<Tables>,
  ids: readonly number[],
): Promise<Map<number, CalibrationView>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('hladr_calibrations').select(columns).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [Number(row.id), toCalibrationView(row)]));
}

export async function calibrationById(db: Kysely<Tables>, id: number): Promise<CalibrationView | undefined> {
  return (await calibrationsById(db, [id])).get(id);
}

function toCalibrationView(row: {
  id: number;
  run_label: string;
  acquired_on: string;
  bead_lot: string;
  beads_json: string;
  slope: number;
  intercept: number;
  r2: number;
  warnings_json: string;
  created_at: string;
}): CalibrationView {
  return {
    id: Number(row.id),
    runLabel: row.run_label,
    acquiredOn: row.acquired_on,
    beadLot: row.bead_lot,
    beads: JSON.parse(row.beads_json) as CalibrationView['beads'],
    slope: Number(row.slope),
    intercept: Number(row.intercept),
    r2: Number(row.r2),
    warnings: JSON.parse(row.warnings_json) as string[],
    createdAt: row.created_at,
  };
}
