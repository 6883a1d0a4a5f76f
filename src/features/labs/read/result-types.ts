import type { MessageParams } from '../../../core/errors.ts';

/** The layouts a laboratory delivers results in (docs/reference-data.md, "Olink NPX exports"). */
export type ResultFormat = 'long' | 'wide' | 'olink';

export type Qualifier = '<LOD' | '<LLOQ' | '>ULOQ';
export type QcFlag = 'pass' | 'warning' | 'fail';
export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** Which header (case-insensitive, trimmed) holds which field; a role left out takes its default header names. */
export interface ColumnMapping {
  /** default: the first of SampleID, Sample, Barcode, Sample ID, Monster, Monsternummer (olink: SampleID) */
  sample?: string;
  /** long: Analyte, Test, Bepaling, Assay, Parameter (olink: Assay) */
  analyte?: string;
  /** long: Value, Result, Uitslag, Concentration, Waarde (olink: NPX) */
  value?: string;
  /** long: Unit, Units, Eenheid */
  unit?: string;
  /** long: Qualifier, Flag */
  qualifier?: string;
  /** Plate, PlateID, Batch, Run (olink: PlateID) */
  plate?: string;
  /** long and olink: LOD */
  lod?: string;
  /** long: QC, QC_Warning (olink: QC_Warning) */
  qc?: string;
  /**
   * Units by analyte: wide, by the header of an analyte column that does not carry one ("IL6 (pg/mL)" and
   * "IL6 [pg/mL]" do); long, by analyte name, for a file without a unit column or with empty unit cells.
   */
  units?: Record<string, string>;
  /** wide: headers that are not analytes (besides sample and plate) and must be ignored. */
  ignore?: string[];
}

export interface ReadOptions {
  format: ResultFormat;
  mapping?: ColumnMapping;
  /** `;`, `,` or a tab; detected from the header line when absent. */
  separator?: string;
  /** Whether `12,5` is twelve and a half; by default only in `;`-separated files. */
  decimalComma?: boolean;
  /** Rows (and row problems) per batch, about; 5,000 by default. */
  batchSize?: number;
}

export interface PreviewOptions {
  separator?: string;
  /** How many rows after the header; 10 by default. */
  rows?: number;
}

/** 1-based columns of a row's cells (wide: analyte and value are the analyte's own column). */
export interface ResultColumns {
  readonly sample: number;
  readonly analyte: number;
  readonly value: number;
  readonly unit: number | null;
}

export interface ResultRow {
  /** The physical line of the file the row starts on (the header is line 1). */
  line: number;
  /** The barcode as in the file, trimmed. */
  sample: string;
  /** The name as in the file; mapping to the catalogue happens later. */
  analyte: string;
  value: number | null;
  qualifier: Qualifier | null;
  /** Normalised spelling (µg/L → ug/L); `NPX` for Olink. */
  unit: string | null;
  plate: string | null;
  lod: number | null;
  qc: QcFlag | null;
  /** Olink only: the assay's own flag (Assay_Warning), apart from the sample's QC_Warning. */
  assayQc: QcFlag | null;
  olinkId: string | null;
  /** Olink only: the panel the assay belongs to. */
  panel: string | null;
  /** Shared between rows of the same layout: treat as read-only. */
  columns: ResultColumns;
}

/** A row that yields no result; `field` is the header of the column at fault. */
export interface RowProblem {
  line: number;
  column: number;
  field: string;
  /** English text. */
  problem: string;
  /** The message key and parameters, for the web app to translate (src/core/messages.ts). */
  key: string;
  params: MessageParams;
}

export interface ReadBatch {
  rows: ResultRow[];
  problems: RowProblem[];
}

export interface ReadSummary {
  /** The line the last record read starts on (trailing empty lines do not count). */
  lines: number;
  /** Data records after the header: lines of separators only and Olink control samples do not count. */
  records: number;
  /** Result rows yielded (a wide record yields one per filled analyte cell). */
  rows: number;
  /** Row problems yielded. */
  problems: number;
  /** Olink control samples (SampleType) left out. */
  controlsSkipped: number;
  encoding: FileEncoding;
  separator: string;
  headers: string[];
}

export interface FilePreview {
  headers: string[];
  rows: string[][];
  /** As far as the preview read: an all-ASCII start reads as utf-8. */
  encoding: FileEncoding;
  separator: string;
}
