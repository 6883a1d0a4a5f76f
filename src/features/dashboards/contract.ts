import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id } from '../../core/schemas.ts';
import { visitStatuses } from '../../protocol/visit-status.ts';

/**
 * The study dashboards (docs/dashboards.md): recruitment, the STROBE flow, visit compliance, data completeness,
 * the sample inventory and the blood-volume rule. Each covers the caller's sites (all of them for a role held
 * at every site), or one of them with `?siteId=`. Rows with `siteId: null` are the total over the answer's
 * sites. Every count is a `Count`: its number and the key of its cell, which `drillDown` turns into the rows
 * behind it (as many rows as the number).
 */

export const count = z.object({
  n: z.number().int(),
  /** Opaque to clients: pass it to `dashboardsEndpoints.drillDown`. */
  cell: z.string(),
});
export type Count = z.infer<typeof count>;

export const dashboardQuery = z.strictObject({
  /** One of the caller's sites; absent: all of them. */
  siteId: id.optional(),
});

export const dashboardSite = z.object({ id: z.number(), code: z.string(), name: z.string() });

/** What every dashboard starts with: when it was computed and the sites it covers. */
const base = {
  /** The instant the answer was computed (the study clock). */
  asOf: z.string(),
  /** The sites covered, in code order. */
  sites: z.array(dashboardSite),
};

// ---- recruitment -------------------------------------------------------------------------------------------

export const recruitmentMonth = z.object({
  /** YYYY-MM (UTC), every month from the first enrolment to the current one, months without enrolment included. */
  month: z.string(),
  /** null: all sites of the answer. */
  siteId: z.number().nullable(),
  enrolled: count,
  /** Enrolled up to the end of this month. */
  cumulative: count,
});

export const recruitment = z.object({
  ...base,
  /** The study's recruitment target (the protocol's `recruitmentTarget`), for the whole study. */
  target: z.number().int(),
  enrolled: count,
  perSite: z.array(z.object({ siteId: z.number(), enrolled: count })),
  months: z.array(recruitmentMonth),
  projection: z.object({
    /** How it is projected, in words (e.g. the mean rate of the last 6 complete months). */
    method: z.string(),
    /** Participants per month the projection assumes; null without recruitment in the period. */
    ratePerMonth: z.number().nullable(),
    /** The period the rate was taken over (dates, UTC): the last 6 months, from the first enrolment if later. */
    periodFrom: z.string().nullable(),
    periodTo: z.string().nullable(),
    /** The day the target would be reached at that rate (the day it was reached, when it was); null without a rate. */
    completionDate: z.string().nullable(),
    reached: z.boolean(),
  }),
});
export type Recruitment = z.infer<typeof recruitment>;

// ---- flow (STROBE) -------------------------------------------------------------------------------------------

export const breakdown = z.object({
  /** A stable code: an exclusion criterion, a reason, a status. */
  key: z.string(),
  /** English label (the protocol's description where there is one). */
  label: z.string(),
  count,
});

export const flowNode = z.object({
  /** screened, eligible, not_eligible, not_approached, approached, declined, enrolled, consent_*, visit:<code>, analysed … */
  id: z.string(),
  label: z.string(),
  /** The column in the diagram, from 0 (screened). */
  stage: z.number().int(),
  count,
  /** Where it comes from (null for screened). */
  parent: z.string().nullable(),
  /** Per site, for a coordinating-centre view. */
  perSite: z.array(z.object({ siteId: z.number(), count })),
  /** Reasons or parts of the node (exclusion criteria, reasons for a missing sample); may overlap (see docs). */
  breakdown: z.array(breakdown),
});
export type FlowNode = z.infer<typeof flowNode>;

export const flow = z.object({
  ...base,
  nodes: z.array(flowNode),
  /** Edges of the diagram: each node's parent to it, in the order the web may draw them. */
  links: z.array(z.object({ from: z.string(), to: z.string(), count })),
});
export type Flow = z.infer<typeof flow>;

// ---- visit compliance --------------------------------------------------------------------------------------------

export const visitCompliance = z.object({
  ...base,
  statuses: z.array(z.enum(visitStatuses)),
  rows: z.array(
    z.object({
      visit: z.string(),
      name: z.string(),
      /** null: all sites of the answer. */
      siteId: z.number().nullable(),
      /** Participants, by the status of this visit (the participant page's rules), every status present. */
      counts: z.record(z.enum(visitStatuses), count),
      participants: count,
    }),
  ),
});
export type VisitCompliance = z.infer<typeof visitCompliance>;

// ---- completeness -------------------------------------------------------------------------------------------

export const queryAgeBuckets = ['under_7_days', 'days_7_to_30', 'over_30_days'] as const;
export type QueryAgeBucket = (typeof queryAgeBuckets)[number];

export const completeness = z.object({
  ...base,
  forms: z.array(
    z.object({
      form: z.string(),
      name: z.string(),
      siteId: z.number().nullable(),
      /** Form records started (any status). */
      records: count,
      /** Records without a required item missing (the engine's judgement at their last save). */
      complete: count,
      /** complete / records × 100, one decimal; null without records. */
      percent: z.number().nullable(),
      items: z.array(
        z.object({
          item: z.string(),
          label: z.string(),
          /**
           * The form's records (the same as `records`): an item counts as missing in a record whose last save
           * found it required and empty; where a condition did not require it, it counts as complete.
           */
          expected: count,
          missing: count,
          percent: z.number().nullable(),
        }),
      ),
    }),
  ),
  queries: z.array(
    z.object({
      siteId: z.number().nullable(),
      /** Open or answered (not closed) queries by the time since they were opened. */
      open: count,
      byAge: z.array(z.object({ bucket: z.enum(queryAgeBuckets), count })),
    }),
  ),
});
export type Completeness = z.infer<typeof completeness>;

// ---- samples ---------------------------------------------------------------------------------------------

export const aliquotStatuses = ['stored', 'unplaced', 'in_transit', 'used', 'destroyed'] as const;
export type AliquotStatus = (typeof aliquotStatuses)[number];

export const sampleInventory = z.object({
  ...base,
  aliquots: z.array(
    z.object({
      visit: z.string(),
      sampleType: z.string(),
      siteId: z.number().nullable(),
      total: count,
      /** stored (in a box), unplaced (not placed yet), in_transit (shipped, not received), used, destroyed. */
      byStatus: z.record(z.enum(aliquotStatuses), count),
    }),
  ),
  freezers: z.array(
    z.object({
      freezerId: z.number(),
      name: z.string(),
      kind: z.string(),
      siteId: z.number(),
      /** Positions of the boxes in the freezer (a capacity, not a count of samples: no cell). */
      positions: z.number().int(),
      /** Positions holding an aliquot. */
      used: count,
      percent: z.number().nullable(),
    }),
  ),
});
export type SampleInventory = z.infer<typeof sampleInventory>;

// ---- blood volume ------------------------------------------------------------------------------------------

export const bloodVolumes = z.object({
  ...base,
  /** The protocol's most blood per visit, in mL. */
  limitMl: z.number(),
  rows: z.array(
    z.object({
      visit: z.string(),
      siteId: z.number().nullable(),
      /** Visits done with blood drawn and a known volume. */
      drawn: count,
      medianMl: z.number().nullable(),
      maxMl: z.number().nullable(),
      /** Visits by volume, in bins of `binMl` from 0: [fromMl, toMl). */
      histogram: z.array(z.object({ fromMl: z.number(), toMl: z.number(), count })),
      /** Visits over the limit (deviations). */
      overLimit: count,
    }),
  ),
  binMl: z.number(),
});
export type BloodVolumes = z.infer<typeof bloodVolumes>;

// ---- drill-down ------------------------------------------------------------------------------------------

export const drillDownQuery = z.strictObject({
  cell: z.string().min(1).max(300),
  siteId: id.optional(),
});

export const drillDownRow = z.object({
  /** null for a screening that did not lead to a participant (or whose participant was destroyed). */
  participantId: z.number().nullable(),
  studyId: z.string().nullable(),
  siteId: z.number(),
  siteCode: z.string(),
  /** For the flow's screening counts. */
  screeningId: z.number().nullable(),
  /** What was counted when it is not the participant itself: a visit, form/item, query, aliquot barcode. */
  detail: z.string().nullable(),
});
export type DrillDownRow = z.infer<typeof drillDownRow>;

export const drillDown = z.object({
  cell: z.string(),
  /** One row per thing counted: as many as the cell's number. */
  rows: z.array(drillDownRow),
});
export type DrillDown = z.infer<typeof drillDown>;

const tag = 'dashboards';
const access = { action: 'participant.read', at: 'any' } as const;
/** A `siteId` outside the caller's sites is "not found", as a site in a path is. */
const errors = ['not_found'] as const;

export const dashboardsEndpoints = {
  recruitment: endpoint({
    method: 'GET',
    path: '/api/dashboards/recruitment',
    tag,
    summary: 'Enrolment per month and site, cumulative, against the target, with a projected completion date',
    access,
    query: dashboardQuery,
    response: recruitment,
    errors,
  }),
  flow: endpoint({
    method: 'GET',
    path: '/api/dashboards/flow',
    tag,
    summary:
      'The STROBE flow: screened, eligible (exclusion reasons), approached, enrolled, consent, sampled per visit (reasons for missing), analysed',
    access,
    query: dashboardQuery,
    response: flow,
    errors,
  }),
  visits: endpoint({
    method: 'GET',
    path: '/api/dashboards/visits',
    tag,
    summary:
      'Visit compliance per visit and site: done in or out of window, missed, overdue, due, not yet due, not applicable',
    access,
    query: dashboardQuery,
    response: visitCompliance,
    errors,
  }),
  completeness: endpoint({
    method: 'GET',
    path: '/api/dashboards/completeness',
    tag,
    summary: 'Data completeness per form and item, and open queries by age, per site',
    access,
    query: dashboardQuery,
    response: completeness,
    errors,
  }),
  samples: endpoint({
    method: 'GET',
    path: '/api/dashboards/samples',
    tag,
    summary: 'Aliquots per visit and sample type by status, and freezer use',
    access,
    query: dashboardQuery,
    response: sampleInventory,
    errors,
  }),
  blood: endpoint({
    method: 'GET',
    path: '/api/dashboards/blood',
    tag,
    summary: 'Blood drawn per visit (distribution, median, maximum) and the visits over the protocol limit',
    access,
    query: dashboardQuery,
    response: bloodVolumes,
    errors,
  }),
  drillDown: endpoint({
    method: 'GET',
    path: '/api/dashboards/cells',
    tag,
    summary: 'The participants (or screenings, aliquots, queries) behind one count of a dashboard',
    access,
    query: drillDownQuery,
    response: drillDown,
    errors,
  }),
};
