import type { Generated } from 'kysely';

/** Table types of the biobank and the laboratory results (migration 0005). */

export interface FreezersTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  /** minus80 | minus20 | ln2 | fridge */
  kind: string;
  location: string | null;
  created_at: string;
}

/** A rack (in an upright freezer or a nitrogen tank) or a shelf. */
export interface RacksTable {
  id: Generated<number>;
  site_id: number;
  freezer_id: number;
  name: string;
  /** rack | shelf */
  kind: string;
  created_at: string;
}

export interface BoxesTable {
  id: Generated<number>;
  site_id: number;
  /** null while the box travels in a shipment. */
  rack_id: number | null;
  name: string;
  barcode: string;
  rows: number;
  columns: number;
  created_at: string;
  version: Generated<number>;
}

/** A tube drawn at a visit, from the moment the lab receives it. */
export interface TubesTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number | null;
  visit_code: string;
  tube_type: string;
  barcode: string;
  drawn_at: string | null;
  received_at: string | null;
  processed_at: string | null;
  centrifuge_json: string | null;
  /** Draw to processing, in minutes; null until both are known. */
  delay_minutes: number | null;
  delay_exceeded: number;
  /** received | processed | used | destroyed */
  status: string;
  recorded_by: number | null;
  recorded_at: string;
  version: Generated<number>;
}

export interface AliquotsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number | null;
  tube_id: number;
  visit_code: string;
  sample_type: string;
  volume_ul: number | null;
  barcode: string;
  /** unplaced | stored | in_transit | used | destroyed */
  status: string;
  box_id: number | null;
  box_row: number | null;
  box_column: number | null;
  freeze_thaw_count: number;
  created_by: number | null;
  created_at: string;
  version: Generated<number>;
}

export interface ShipmentsTable {
  id: Generated<number>;
  /** The sending site. */
  site_id: number;
  to_site_id: number;
  /** prepared | sent | received */
  status: string;
  courier: string | null;
  tracking: string | null;
  temperature: string | null;
  created_by: number | null;
  created_at: string;
  sent_by: number | null;
  sent_at: string | null;
  received_by: number | null;
  received_at: string | null;
  version: Generated<number>;
}

export interface ShipmentItemsTable {
  id: Generated<number>;
  site_id: number;
  shipment_id: number;
  aliquot_id: number;
  /** received | missing | damaged; null until received. */
  receipt: string | null;
  note: string | null;
}

export interface CustodyEventsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number | null;
  tube_id: number | null;
  aliquot_id: number | null;
  /** drawn | received | processed | aliquoted | frozen | moved | shipped | received_central | thawed | used | destroyed */
  event: string;
  at: string;
  by_user: number | null;
  by_name: string;
  location: string | null;
  shipment_id: number | null;
  details_json: string;
}

export interface DestructionTasksTable {
  id: Generated<number>;
  site_id: number;
  destruction_id: number;
  aliquot_id: number | null;
  tube_id: number | null;
  barcode: string;
  /** open | done */
  status: string;
  created_at: string;
  done_by: number | null;
  done_by_name: string | null;
  done_at: string | null;
  version: Generated<number>;
}

export interface LabResultsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  visit_code: string;
  tube_id: number | null;
  aliquot_id: number | null;
  sample_barcode: string;
  assay_id: number;
  analyte: string;
  value: number | null;
  unit: string;
  entered_value: string | null;
  entered_unit: string | null;
  /** <LOD | <LLOQ | >ULOQ | null */
  qualifier: string | null;
  lod: number | null;
  plate: string | null;
  qc: string | null;
  calibration_id: number | null;
  import_id: number | null;
  result_version: number;
  current: number;
  reason: string | null;
  created_by: number | null;
  created_at: string;
}

/** Study-wide, not a site's: the catalogue, the laboratories' file mappings, imports and calibration runs. */
export interface AssaysTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  platform: string;
  sample_type: string;
  analytes_json: string;
  created_by: number | null;
  created_at: string;
}

export interface LabMappingsTable {
  id: Generated<number>;
  lab: string;
  format: string;
  mapping_json: string;
  updated_by: number | null;
  updated_at: string;
}

export interface ResultImportsTable {
  id: Generated<number>;
  lab: string | null;
  format: string;
  file_name: string | null;
  content_hash: string;
  rows: number;
  imported: number;
  rejected: number;
  imported_by: number | null;
  imported_at: string;
}

export interface HladrCalibrationsTable {
  id: Generated<number>;
  run_label: string;
  acquired_on: string;
  bead_lot: string;
  beads_json: string;
  slope: number;
  intercept: number;
  r2: number;
  min_mfi: number;
  max_mfi: number;
  warnings_json: string;
  created_by: number | null;
  created_at: string;
}

export interface ResultImportSitesTable {
  id: Generated<number>;
  site_id: number;
  import_id: number;
}

export interface BiobankSiteTables {
  freezers: FreezersTable;
  racks: RacksTable;
  boxes: BoxesTable;
  tubes: TubesTable;
  aliquots: AliquotsTable;
  shipments: ShipmentsTable;
  shipment_items: ShipmentItemsTable;
  custody_events: CustodyEventsTable;
  destruction_tasks: DestructionTasksTable;
  lab_results: LabResultsTable;
  result_import_sites: ResultImportSitesTable;
}

export interface LabGlobalTables {
  assays: AssaysTable;
  lab_mappings: LabMappingsTable;
  result_imports: ResultImportsTable;
  hladr_calibrations: HladrCalibrationsTable;
}
