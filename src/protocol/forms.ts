/**
 * Case report forms as protocol data (CDISC ODM's shape: form → item groups → items). Conditions, checks and
 * calculations are CEL expressions (https://cel.dev) over the form's item ids; src/ecrf/ parses and
 * type-checks every one of them when the protocol loads, so a wrong item name stops start-up, not a nurse.
 *
 * Ids are stable and never reused; labels may change between versions without losing data. A form version is
 * immutable once data exist: an amendment adds a version, and every form record keeps the version it was
 * entered under.
 */

export type ItemType =
  'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'single_choice' | 'multiple_choice' | 'yes_no' | 'calculated';

/** Why a value is absent, said explicitly (CDISC's null flavours): absence itself means "not yet entered". */
export const missingCodes = ['not_done', 'unknown', 'not_applicable', 'asked_refused'] as const;
export type MissingCode = (typeof missingCodes)[number];

export interface CodeList {
  id: string;
  options: readonly { code: string; label: string }[];
}

/** Another unit a value may be entered in, converted to the item's unit: canonical = entered × factor + offset. */
export interface UnitConversion {
  unit: string;
  factor: number;
  offset?: number;
}

export interface Range {
  min?: number;
  max?: number;
}

export interface ItemDefinition {
  /** Stable id, also the item's name in expressions: lower snake case. */
  id: string;
  label: string;
  type: ItemType;
  /** The UCUM unit values are stored in (integer, decimal, calculated numbers). */
  unit?: string;
  /** Units a value may also be entered in. */
  conversions?: readonly UnitConversion[];
  /** Decimal places kept (decimal). */
  precision?: number;
  /** The code list of a single or multiple choice. */
  codeList?: string;
  /** Needs a value or a missing code before the form can be complete (when shown). */
  required?: boolean;
  /** Outside it the value is refused (a unit mix-up, a typo). */
  hardRange?: Range;
  /** Outside it the value is kept and a query asks to confirm it. */
  softRange?: Range;
  /** Shown (and asked) only when this holds; a hidden item's value is not kept. */
  showWhen?: string;
  /** Required only when this holds. */
  requireWhen?: string;
  /** How a calculated item is computed (type `calculated`). */
  calculation?: Calculation;
  /** Missing codes a person may choose for this item; by default all. */
  allowedMissing?: readonly MissingCode[];
  /**
   * The dates a date item takes (src/core/schemas.ts): `study` (the default), the study's clinical dates
   * 2000-01-01 to 2100-12-31; `birth`, a date of birth from 1870-01-01. Only date items have one.
   */
  dateRange?: DateRange;
}

export const dateRanges = ['study', 'birth'] as const;
export type DateRange = (typeof dateRanges)[number];

/**
 * A calculated item: either a CEL expression over other items (a BMI; a yes/no such as "the adjudicators agree"), or a named calculator of
 * src/clinical (SOFA-2, Charlson, EQ-5D-5L, steroid dose) with its inputs mapped to items, of whose result one
 * field is this item's value.
 */
export type Calculation =
  { expression: string } | { calculator: string; inputs: Readonly<Record<string, string>>; output: string };

export interface ItemGroupDefinition {
  id: string;
  label: string;
  /** One row per culture, per antibiotic, per re-admission. */
  repeating?: boolean;
  /**
   * The whole group (every row of a repeating one) is shown only when this holds; it reads items outside the
   * group ("cultures taken" before the cultures).
   */
  showWhen?: string;
  items: readonly ItemDefinition[];
}

/** A check across items: `expression` must hold; hard refuses the save, soft opens a query. */
export interface CheckDefinition {
  id: string;
  severity: 'hard' | 'soft';
  expression: string;
  /** English text shown with the items; a translation is keyed by form, check id and version. */
  message: string;
  /** The items it is shown under (the first is where the query is opened). */
  items: readonly string[];
}

export interface FormDefinition {
  id: string;
  version: string;
  label: string;
  groups: readonly ItemGroupDefinition[];
  checks?: readonly CheckDefinition[];
}

/** Which forms are filled in at which visit, and which once per ICU day. */
export interface FormSchedule {
  form: string;
  visits?: readonly string[];
  perIcuDay?: boolean;
  /** Once per participant (baseline, end of study). */
  once?: boolean;
}

export interface CaseReportForms {
  codeLists: readonly CodeList[];
  forms: readonly FormDefinition[];
  schedule: readonly FormSchedule[];
  /** mg prednisone per mg of each corticosteroid (lower-case names): the `prednisone_equivalent` calculator's table. */
  prednisoneEquivalents?: Readonly<Record<string, number>>;
}
