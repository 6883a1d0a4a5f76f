import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id, isoDateTime, text } from '../../core/schemas.ts';
import { entryInput } from '../../ecrf/values.ts';
import { missingCodes } from '../../protocol/forms.ts';
import { participantParams } from '../participants/contract.ts';
import { siteParams } from '../sites/contract.ts';

/**
 * Case report forms of a participant: one record per form and slot, where a slot is a visit code (`D0`), an ICU
 * day (`day-3`) or `once`. A save sends the whole form (every entry; an absent item is not entered) with the
 * record version it read: a stale save is refused (409) naming what changed, never a silent overwrite.
 */

export const formStatuses = ['not_started', 'in_progress', 'complete', 'verified', 'signed', 'locked'] as const;
export type FormStatus = (typeof formStatuses)[number];

export const formParams = z.strictObject({
  participantId: id,
  form: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a form id: lower case letters, digits and _'),
  slot: z.string().regex(/^(once|day-[1-9][0-9]{0,2}|[A-Za-z0-9_]{1,16})$/, 'a visit code, day-<ICU day> or once'),
});

const itemValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()).readonly()]);
export const entryView = z.union([
  z.object({ value: itemValue, entered: z.object({ value: z.number(), unit: z.string() }).optional() }),
  z.object({ missing: z.enum(missingCodes) }),
]);
export type EntryView = z.infer<typeof entryView>;

export const finding = z.object({
  severity: z.enum(['hard', 'soft']),
  keys: z.array(z.string()),
  rule: z.string(),
  message: z.string(),
});

const itemEntries = z.record(z.string(), entryInput);
export const formSave = z.strictObject({
  version: z
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .describe('The record version the form was read at (0: not started)'),
  items: itemEntries.describe('Entries by item id (items outside repeating groups); an absent item is not entered'),
  rows: z
    .record(z.string(), z.array(itemEntries).max(200))
    .optional()
    .describe('Rows of repeating groups by group id, each row its entries by item id'),
  reason: text(500).nullish().describe('Why the data change: required once the form is complete'),
});
export type FormSave = z.infer<typeof formSave>;

export const versionOnly = z.strictObject({ version: z.number().int().min(0).max(2_147_483_647) });
export const formSign = z.strictObject({
  version: z.number().int().min(0).max(2_147_483_647),
  password: z.string().min(1).max(256).describe('The signer’s password, entered again: the signature'),
});
export const lockChange = z.strictObject({
  locked: z.boolean(),
  reason: text(500).nullish().describe('Why: required to unlock'),
});
export const formLockChange = lockChange.extend({ version: z.number().int().min(0).max(2_147_483_647) });
export const participantLockChange = lockChange.extend({
  visit: z.string().min(1).max(16).nullish().describe('A visit code: lock that visit’s forms only'),
});

export const lockLevels = ['form', 'visit', 'participant', 'site', 'study'] as const;
export const lockView = z.object({
  level: z.enum(lockLevels),
  visit: z.string().nullable(),
  lockedAt: isoDateTime,
  lockedBy: z.string(),
  reason: z.string().nullable(),
});
export type LockView = z.infer<typeof lockView>;

export const queryStatuses = ['open', 'answered', 'closed'] as const;
export const queryMessageKinds = ['open', 'answer', 'close', 'reopen', 'assign', 'resolved'] as const;
export const queryView = z.object({
  id: z.number(),
  participantId: z.number(),
  studyId: z.string(),
  form: z.string(),
  slot: z.string(),
  itemKey: z.string(),
  /** The check that opened it; null when opened by hand. */
  rule: z.string().nullable(),
  status: z.enum(queryStatuses),
  assignedTo: z.object({ id: z.number(), name: z.string() }).nullable(),
  openedAt: isoDateTime,
  /** Days since it was opened (closed ones: until closed). */
  ageDays: z.number(),
  messages: z.array(
    z.object({ at: isoDateTime, actor: z.string(), kind: z.enum(queryMessageKinds), text: z.string() }),
  ),
});
export type QueryView = z.infer<typeof queryView>;

export const formRecordView = z.object({
  participantId: z.number(),
  studyId: z.string(),
  form: z.string(),
  formVersion: z.string(),
  slot: z.string(),
  status: z.enum(formStatuses),
  /** 0 while not started. */
  version: z.number(),
  items: z.record(z.string(), entryView),
  rows: z.record(z.string(), z.array(z.record(z.string(), entryView))),
  missingRequired: z.array(z.string()),
  findings: z.array(finding),
  verified: z.object({ by: z.string(), at: isoDateTime }).nullable(),
  signature: z.object({ by: z.string(), at: isoDateTime, meaning: z.string() }).nullable(),
  /** The lock in effect, at the narrowest level that holds one. */
  lock: lockView.nullable(),
  queries: z.array(queryView),
});
export type FormRecordView = z.infer<typeof formRecordView>;

export const formSlotView = z.object({
  form: z.string(),
  label: z.string(),
  formVersion: z.string(),
  slot: z.string(),
  visit: z.string().nullable(),
  icuDay: z.number().nullable(),
  status: z.enum(formStatuses),
  version: z.number(),
  openQueries: z.number(),
});
export const participantForms = z.object({ forms: z.array(formSlotView), locks: z.array(lockView) });
export type ParticipantForms = z.infer<typeof participantForms>;

export const historyEntry = z.object({
  at: isoDateTime,
  actor: z.string(),
  source: z.string(),
  action: z.string(),
  /** The item changed; null for a status change (completion, verification, signature, lock). */
  itemKey: z.string().nullable(),
  before: entryView.nullable(),
  after: entryView.nullable(),
  reason: z.string().nullable(),
});
export const formHistory = z.object({ entries: z.array(historyEntry) });
export type FormHistory = z.infer<typeof formHistory>;

export const queryOpen = z.strictObject({
  item: z.string().min(1).max(200).describe('The item: its id, or group[row].id in a repeating group'),
  text: text(2000),
  assignedTo: id.nullish(),
});
export const queryParams = z.strictObject({ queryId: id });
export const queryReply = z.strictObject({ text: text(2000) });
export const queryClose = z.strictObject({ text: text(2000).nullish() });
export const queryAssign = z.strictObject({ userId: id.nullable() });
export const queryListQuery = z.strictObject({
  status: z
    .enum(['active', ...queryStatuses])
    .default('active')
    .describe('active: open and answered'),
});
export const queryList = z.object({ queries: z.array(queryView) });

export const statusMatrix = z.object({
  /** One column per form and visit (`once`, or `days` for the forms of every ICU day). */
  columns: z.array(z.object({ form: z.string(), label: z.string(), slot: z.string() })),
  participants: z.array(
    z.object({
      participantId: z.number(),
      studyId: z.string(),
      /** By `form/slot`; a `days` cell is its least advanced day (with how many days are entered). */
      cells: z.record(
        z.string(),
        z.object({ status: z.enum(formStatuses), openQueries: z.number(), days: z.number().optional() }),
      ),
    }),
  ),
});
export type StatusMatrix = z.infer<typeof statusMatrix>;

export const dataQuality = z.object({
  records: z.array(
    z.object({
      participantId: z.number(),
      studyId: z.string(),
      form: z.string(),
      slot: z.string(),
      status: z.enum(formStatuses),
      missingRequired: z.array(z.string()),
      findings: z.array(finding),
    }),
  ),
  outOfWindow: z.array(
    z.object({ participantId: z.number(), studyId: z.string(), visit: z.string(), occurredAt: isoDateTime.nullable() }),
  ),
  totals: z.object({
    records: z.number(),
    missingRequired: z.number(),
    hardFindings: z.number(),
    softFindings: z.number(),
    openQueries: z.number(),
    outOfWindow: z.number(),
  }),
});
export type DataQuality = z.infer<typeof dataQuality>;

export const lockState = z.object({ locks: z.array(lockView) });

export const sofaDays = z.object({
  /** The daily form scored by the SOFA-2 calculator; null when the protocol has none. */
  form: z.string().nullable(),
  days: z.array(
    z.object({
      day: z.number(),
      slot: z.string(),
      status: z.enum(formStatuses),
      components: z.record(z.string(), z.number()),
      total: z.number(),
      /** The first day's organs without data, scored 0. */
      missing: z.array(z.string()),
      /** Later days' organs without data, carrying the day before's points. */
      carriedForward: z.array(z.string()),
    }),
  ),
});
export type SofaDays = z.infer<typeof sofaDays>;

const tag = 'forms';
const read = { action: 'participant.read', at: 'object' } as const;
const write = { action: 'participant.write', at: 'object' } as const;
const manageQueries = { action: 'query.manage', at: 'object' } as const;
const lock = { action: 'data.lock', at: 'object' } as const;
const formPath = '/api/participants/:participantId/forms/:form/:slot';

export const crfEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId/forms',
    tag,
    summary: 'The participant’s forms by visit, ICU day and once, with their status',
    access: read,
    params: participantParams,
    response: participantForms,
    errors: [],
  }),
  read: endpoint({
    method: 'GET',
    path: formPath,
    tag,
    summary: 'One form of a participant: its entries, calculated values, findings, status, lock and queries',
    access: read,
    params: formParams,
    response: formRecordView,
    errors: [],
  }),
  save: endpoint({
    method: 'PUT',
    path: formPath,
    tag,
    summary: 'Save a form (all its entries); calculated items are worked out in the same transaction',
    access: write,
    params: formParams,
    body: formSave,
    response: formRecordView,
    errors: [],
  }),
  sofaDays: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId/sofa2-days',
    tag,
    summary: 'SOFA-2 per ICU day from the daily forms, organs without data carried forward as the clinical engine does',
    access: read,
    params: participantParams,
    response: sofaDays,
    errors: [],
  }),
  history: endpoint({
    method: 'GET',
    path: `${formPath}/history`,
    tag,
    summary: 'Every change of the form: who, when, old and new value, why',
    access: read,
    params: formParams,
    response: formHistory,
    errors: [],
  }),
  complete: endpoint({
    method: 'POST',
    path: `${formPath}/complete`,
    tag,
    summary: 'Mark a form complete: every required item has an entry',
    access: write,
    params: formParams,
    body: versionOnly,
    response: formRecordView,
    errors: [],
  }),
  verify: endpoint({
    method: 'POST',
    path: `${formPath}/verify`,
    tag,
    summary: 'Mark a complete form as source-verified (monitor)',
    access: { action: 'form.verify', at: 'object' },
    params: formParams,
    body: versionOnly,
    response: formRecordView,
    errors: [],
  }),
  sign: endpoint({
    method: 'POST',
    path: `${formPath}/sign`,
    tag,
    summary: 'Sign a verified form: the investigator enters the password again (electronic signature)',
    access: { action: 'form.sign', at: 'object' },
    params: formParams,
    body: formSign,
    response: formRecordView,
    errors: ['rate_limited'],
  }),
  lockForm: endpoint({
    method: 'PUT',
    path: `${formPath}/lock`,
    tag,
    summary: 'Lock or unlock one form (unlocking needs a reason)',
    access: lock,
    params: formParams,
    body: formLockChange,
    response: formRecordView,
    errors: [],
  }),
  lockParticipant: endpoint({
    method: 'PUT',
    path: '/api/participants/:participantId/lock',
    tag,
    summary: 'Lock or unlock a participant’s forms, or one visit’s (unlocking needs a reason)',
    access: lock,
    params: participantParams,
    body: participantLockChange,
    response: lockState,
    errors: [],
  }),
  lockSite: endpoint({
    method: 'PUT',
    path: '/api/sites/:siteId/lock',
    tag,
    summary: 'Lock or unlock every form of a site (unlocking needs a reason)',
    access: { action: 'data.lock', at: 'site' },
    params: siteParams,
    body: lockChange,
    response: lockState,
    errors: [],
  }),
  lockStudy: endpoint({
    method: 'PUT',
    path: '/api/study/lock',
    tag,
    summary: 'Lock or unlock every form of the study (unlocking needs a reason)',
    access: { action: 'data.lock', at: 'everywhere' },
    body: lockChange,
    response: lockState,
    errors: [],
  }),
  openQuery: endpoint({
    method: 'POST',
    path: `${formPath}/queries`,
    tag,
    summary: 'Open a query on an item of a form (monitor, data manager)',
    access: manageQueries,
    params: formParams,
    body: queryOpen,
    status: 201,
    response: queryView,
    errors: [],
  }),
  answerQuery: endpoint({
    method: 'POST',
    path: '/api/queries/:queryId/answer',
    tag,
    summary: 'Answer a query (site staff)',
    access: write,
    params: queryParams,
    body: queryReply,
    response: queryView,
    errors: [],
  }),
  closeQuery: endpoint({
    method: 'POST',
    path: '/api/queries/:queryId/close',
    tag,
    summary: 'Close a query',
    access: manageQueries,
    params: queryParams,
    body: queryClose,
    response: queryView,
    errors: [],
  }),
  reopenQuery: endpoint({
    method: 'POST',
    path: '/api/queries/:queryId/reopen',
    tag,
    summary: 'Re-open a closed or answered query',
    access: manageQueries,
    params: queryParams,
    body: queryReply,
    response: queryView,
    errors: [],
  }),
  assignQuery: endpoint({
    method: 'PUT',
    path: '/api/queries/:queryId/assignee',
    tag,
    summary: 'Assign a query to a user who works at its site, or to nobody',
    access: manageQueries,
    params: queryParams,
    body: queryAssign,
    response: queryView,
    errors: [],
  }),
  siteQueries: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/queries',
    tag,
    summary: 'The site’s queries with their age',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    query: queryListQuery,
    response: queryList,
    errors: [],
  }),
  statusMatrix: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/form-status',
    tag,
    summary: 'Participant × visit × form status of a site (the record status dashboard)',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: statusMatrix,
    errors: [],
  }),
  dataQuality: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/data-quality',
    tag,
    summary: 'Check failures, missing required items and out-of-window visits of a site',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: dataQuality,
    errors: [],
  }),
};
