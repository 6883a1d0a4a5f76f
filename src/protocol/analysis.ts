import { z } from 'zod';

/**
 * What the immunotype analysis reads from a study, as data (issue 14): which visits are sampled, the default
 * discovery panel, which analytes the rule sets read, and where in the case report forms the covariates and
 * outcomes are. The analysis feature names no form, item or visit of its own; a study without these items
 * (another protocol) says so here.
 */

/** One item of a case report form; `slot` narrows it to a visit code or `day-<n>` (any slot when absent). */
export const itemRef = z.strictObject({
  form: z.string().min(1),
  item: z.string().min(1),
  slot: z.string().min(1).optional(),
});
export type ItemRef = z.output<typeof itemRef>;

export const analysisDefinition = z.strictObject({
  /** The sampling visits in the order a trajectory follows them. */
  visits: z.array(z.string().min(1)).min(1),
  /** The default timepoint of a discovery. */
  discoveryVisit: z.string().min(1),
  /** The default discovery panel: analyte codes of the assay catalogue. */
  panel: z.array(z.string().min(1)).min(2),
  /** The analytes a rule set reads (src/protocol/immunotype-rules.ts), by the rule's input name. */
  ruleMarkers: z.strictObject({ ferritinNgMl: z.string().min(1), hladrAbc: z.string().min(1) }),
  /** Follow-up ends this many days after D0: survival and event times are censored there. */
  horizonDays: z.number().int().positive(),
  covariates: z.strictObject({
    age: itemRef,
    sex: itemRef,
    sofa2: itemRef,
    /** The first of these with a value (an adjudicated site before the suspected one). */
    infectionSite: z.array(itemRef).min(1),
  }),
  /** EQ-5D-5L index, read at every slot that has it (the follow-up visits). */
  eq5dIndex: itemRef,
  /** Dates of death in the forms, besides the participant's recorded death (its clinical event). */
  deathDates: z.array(itemRef),
  /** Dates a participant was last known alive (follow-up contacts, end of study). */
  contactDates: z.array(itemRef),
  /** Events with death as a competing event: a name and the date item of each occurrence. */
  competingEvents: z.array(z.strictObject({ name: z.string().min(1), date: itemRef })),
});
export type AnalysisDefinition = z.output<typeof analysisDefinition>;
