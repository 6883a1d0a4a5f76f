import { missingCodes, type MissingCode } from '../../protocol/forms.ts';

/**
 * Why a cell of an exported table has no value, said explicitly. The protocol's missing codes (CDISC's null
 * flavours) plus `no_entry`: the form record exists but holds neither a value nor a missing code for the item
 * (it was not asked, being hidden by its condition, or has not been entered yet).
 *
 * Text columns carry the reason in a companion column `<item>__missing`. The 0/1 columns of a multiple choice
 * carry it in the cell itself, as a negative number (as Castor EDC does), so that such a column stays an integer
 * column and "unchecked" (0) is never confused with "not asked": the loading scripts label these numbers and
 * declare them missing (Stata `.a`–`.e`, SPSS MISSING VALUES, R `NA` with the reason kept in an attribute).
 */
export const exportMissingCodes = [...missingCodes, 'no_entry'] as const;
export type ExportMissingCode = (typeof exportMissingCodes)[number];

export const missingLabels: Readonly<Record<ExportMissingCode, string>> = {
  not_done: 'Not done',
  unknown: 'Unknown',
  not_applicable: 'Not applicable',
  asked_refused: 'Asked but refused',
  no_entry: 'No entry (not asked, or not yet entered)',
};

/** The number standing for each reason in an integer column. */
export const missingNumbers: Readonly<Record<ExportMissingCode, number>> = {
  not_done: -99,
  unknown: -98,
  no_entry: -97,
  not_applicable: -96,
  asked_refused: -95,
};

export function missingNumber(code: MissingCode | 'no_entry'): number {
  return missingNumbers[code];
}

/** `-99 = Not done; -98 = Unknown; ...` for a codebook. */
export function missingNumbersText(): string {
  return exportMissingCodes.map((code) => `${missingNumbers[code]} = ${missingLabels[code]}`).join(' | ');
}

export function missingCodesText(codes: readonly ExportMissingCode[] = exportMissingCodes): string {
  return codes.map((code) => `${code} = ${missingLabels[code]}`).join(' | ');
}
