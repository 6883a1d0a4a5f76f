/**
 * The protocol's corticosteroid equivalence table (NCT07273344, study-protocol.md), as data: mg of prednisone
 * equivalent to 1 mg of the drug, by anti-inflammatory (glucocorticoid) potency; 1 mg dexamethasone ≈ 6.67 mg
 * prednisone, 1 mg hydrocortisone ≈ 0.25 mg prednisone. Keys are lower-case drug names. One table for the
 * study: the chronic-corticosteroid exclusion (eligibility.ts) and the eCRF's calculated prednisone-equivalent
 * dose (src/clinical/steroids.ts takes it as a parameter) both read this one.
 */
export const prednisoneEquivalents = {
  prednisone: 1,
  prednisolone: 1,
  methylprednisolone: 1.25,
  hydrocortisone: 0.25,
  dexamethasone: 6.67,
  betamethasone: 8.33,
  cortisone: 0.2,
} as const satisfies Record<string, number>;
