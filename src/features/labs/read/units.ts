/**
 * Unit spellings, normalised lightly: the micro sign (U+00B5, what Windows-1252 files hold) and the Greek mu
 * (U+03BC) both become `u`, so `µg/L` and `μg/L` are `ug/L`; surrounding whitespace goes. Anything further
 * (mg/L against ug/mL) is the catalogue's business.
 */
export function normaliseUnit(text: string): string {
  const trimmed = text.trim();
  return /[\u00B5\u03BC]/.test(trimmed) ? trimmed.replace(/[\u00B5\u03BC]/g, 'u') : trimmed;
}

/**
 * A wide file's analyte header with its unit at the end, in round or square brackets: `IL-6 (pg/mL)` →
 * `{name: 'IL-6', unit: 'pg/mL'}`; a header without one gives unit null.
 */
export function splitAnalyteHeader(header: string): { name: string; unit: string | null } {
  const trimmed = header.trim();
  const match = /^(.*?)\s*(?:\(([^()]*)\)|\[([^[\]]*)\])$/.exec(trimmed);
  const name = match?.[1] ?? '';
  if (match === null || name === '') return { name: trimmed, unit: null };
  const unit = normaliseUnit(match[2] ?? match[3] ?? '');
  return { name, unit: unit === '' ? null : unit };
}
