import type { FileMapping, ImportPreview, ResultFormat, RowProblem } from '../../../api/biobank-types.ts';
import type { ErrorDetail } from '../../../../../src/core/errors.ts';

/**
 * The import wizard's pure parts: a file's bytes as base64 for the JSON body, and the column mapping between
 * the form and the request. The columns people map by hand; the rest of a saved mapping (analyte names, units
 * of wide files, the assay) is kept as saved.
 */

/** The columns the wizard maps: which header holds the sample, the analyte, the value, the unit, the qualifier. */
export const mappedRoles = ['sample', 'analyte', 'value', 'unit', 'qualifier'] as const;
export type MappedRole = (typeof mappedRoles)[number];
export type ColumnChoice = Record<MappedRole, string>;

/** The roles a format's files have a column for: a wide file has one column per analyte, Olink its own names. */
export function rolesOf(format: ResultFormat): readonly MappedRole[] {
  switch (format) {
    case 'long':
      return mappedRoles;
    case 'wide':
      return ['sample'];
    case 'olink':
      return ['sample', 'analyte', 'value'];
  }
}

/** Bytes as base64, in slices: one call over megabytes would overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) {
    binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  }
  return btoa(binary);
}

export async function readAsBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** The saved mapping's columns that the file has ('' for those it lacks: found by their usual names). */
export function initialColumns(preview: ImportPreview): ColumnChoice {
  const saved = preview.saved?.columns ?? {};
  const pick = (role: MappedRole) => {
    const header = saved[role];
    return header !== undefined && preview.headers.includes(header) ? header : '';
  };
  return {
    sample: pick('sample'),
    analyte: pick('analyte'),
    value: pick('value'),
    unit: pick('unit'),
    qualifier: pick('qualifier'),
  };
}

/**
 * The mapping sent with the file: the chosen columns over the saved ones (a role left empty is found by its
 * usual header names), the saved analyte names and assay unchanged. Null when nothing is saved or chosen: the
 * server then reads the file by its usual names.
 */
export function mappingOf(preview: ImportPreview, format: ResultFormat, chosen: ColumnChoice): FileMapping | null {
  const saved = preview.saved;
  const columns: FileMapping['columns'] = { ...(saved?.columns ?? {}) };
  for (const role of mappedRoles) {
    if (!rolesOf(format).includes(role) || chosen[role] === '') delete columns[role];
    else columns[role] = chosen[role];
  }
  if (saved === null && Object.keys(columns).length === 0) return null;
  return { columns, analytes: saved?.analytes ?? {}, assay: saved?.assay ?? null };
}

/** The problems of a refused import (the error's details) as the report lists them. */
export function problemsOf(details: readonly ErrorDetail[]): RowProblem[] {
  return details.map((detail) => ({
    line: detail.line ?? 0,
    column: detail.column ?? null,
    problem: detail.message,
    key: detail.key,
    params: detail.params,
  }));
}
