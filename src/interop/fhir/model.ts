/**
 * What the FHIR import proposes (src/features/fhir's answer has the same shape): per form and slot the items with
 * a proposed value in the item's unit and the resources it came from, and a finding for everything in the bundle
 * it could not use, so that nothing is dropped without a word. Nothing here is stored: a person accepts a slot's
 * values through the form's own save.
 */

export type ProposedValue = string | number | boolean;

/** A resource of the bundle a value came from (or a finding is about), as charted. */
export interface SourceRef {
  resourceType: string;
  /** The resource id; null when it has none. */
  id: string | null;
  /** Its index in the bundle's `entry`. */
  index: number;
  /** `system|code` of the coding that matched (or the first one). */
  code: string | null;
  /** When it was measured or given: an instant, or a period's start and end. */
  time: string | null;
  end: string | null;
  /** The value and unit as charted. */
  value: number | null;
  unit: string | null;
}

export interface ItemProposal {
  item: string;
  value: ProposedValue;
  /** The item's unit the value is in; null for items without one. */
  unit: string | null;
  sources: SourceRef[];
  /** Something to check before accepting: an assumption, or how the value was worked out. */
  check: string | null;
}

export interface SlotProposal {
  form: string;
  slot: string;
  icuDay: number | null;
  visit: string | null;
  /** The ICU day's 24 hours, or the visit time values were taken nearest to. */
  start: string;
  end: string | null;
  items: ItemProposal[];
}

export const findingKinds = [
  'unknown_code',
  'unit',
  'no_value',
  'missing_time',
  'outside_stay',
  'out_of_range',
  'conflict',
  'duplicate',
  'no_weight',
  'not_infusion',
  'short_infusion',
  'status',
  'review',
  'no_icu_encounter',
  'admission_differs',
] as const;
export type FindingKind = (typeof findingKinds)[number];

export interface Finding {
  kind: FindingKind;
  /** The resource it is about; null for the bundle as a whole. */
  source: SourceRef | null;
  /** The form, slot and item it is about, where there is one. */
  form: string | null;
  slot: string | null;
  item: string | null;
  /** The values the message names, for translation. */
  params: Record<string, string | number>;
  message: string;
}

export interface FhirProposals {
  /** The ICU encounter the stay was read from; null when the bundle has none. */
  encounter: { id: string | null; start: string | null; end: string | null } | null;
  /** Day 1 starts here: the participant's ICU admission. */
  admission: string;
  days: SlotProposal[];
  visits: SlotProposal[];
  findings: Finding[];
  counts: {
    entries: number;
    /** Resources at least one proposal or weight came from. */
    used: number;
    /** Resources of a type the import does not read, by type. */
    unread: Record<string, number>;
  };
}
