import { z } from 'zod';
import { id, instant, isoDateTime, keyed, text } from '../../core/schemas.ts';
import { inputMessages } from '../../core/messages.ts';
import { sampleMessages } from './messages.ts';

/**
 * The request and answer shapes of the biobank (contract.ts binds them to endpoints). Browser-safe like the
 * contract: the web app imports them through it.
 */

/**
 * A label's barcode: printable ASCII without space, ^ and ~ (ZPL command characters), at most 32 characters, the
 * most a DataMatrix on a cryo label holds legibly (src/features/samples/print/barcode.ts prints what passes).
 */
export const barcode = z
  .string()
  .refine((value) => /^[\x21-\x5D\x5F-\x7D]{1,32}$/.test(value), keyed(sampleMessages.barcodeFormat()));

/** A visit code in a path: letters first, so that no number (an id beyond 2^31) passes for one. */
export const visitCode = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, 'a visit code: a letter, then letters, digits or _');

/** A row's version as read: a change made on an older one is refused (409), never applied over another's. */
export const version = z.number().int().min(0).max(2_147_483_647).describe('The version the object was read at');
export const versionOnly = z.strictObject({ version });

export const aliquotStatuses = ['unplaced', 'stored', 'in_transit', 'used', 'destroyed'] as const;
export const tubeStatuses = ['received', 'processed', 'used', 'destroyed'] as const;
export const freezerKinds = ['minus80', 'minus20', 'ln2', 'fridge'] as const;
export const rackKinds = ['rack', 'shelf'] as const;
export const shipmentStatuses = ['prepared', 'sent', 'received'] as const;
export const receipts = ['received', 'missing', 'damaged'] as const;

// Processing a visit's tubes.

export const aliquotRequest = z.strictObject({
  sampleType: z.string().min(1).max(40),
  /** Absent: the sample type's usual volume. */
  volumeUl: z.number().positive().max(100_000).nullish(),
  count: z.number().int().min(1).max(50),
});

export const centrifugation = z.strictObject({
  g: z.number().positive().max(100_000),
  minutes: z.number().positive().max(600),
  temperatureC: z.number().min(-20).max(40),
});
export type Centrifugation = z.infer<typeof centrifugation>;

export const tubeProcessing = z.strictObject({
  tubeType: z.string().min(1).max(40),
  /** The tube's own label; absent: one is made (T and 8 digits). */
  barcode: barcode.nullish(),
  drawnAt: instant,
  receivedAt: instant,
  processedAt: instant,
  centrifugation: centrifugation.nullish(),
  aliquots: z.array(aliquotRequest).max(20),
});
export type TubeProcessing = z.infer<typeof tubeProcessing>;

/** The most aliquots one request makes: a visit's tubes, generously. */
export const maxAliquotsPerRequest = 300;

export const sampleProcessing = z
  .strictObject({ tubes: z.array(tubeProcessing).min(1).max(30) })
  .refine(
    (value) => value.tubes.flatMap((t) => t.aliquots).reduce((n, a) => n + a.count, 0) <= maxAliquotsPerRequest,
    keyed(inputMessages.tooMany({ maximum: maxAliquotsPerRequest })),
  );
export type SampleProcessing = z.infer<typeof sampleProcessing>;

export const aliquotView = z.object({
  id: z.number(),
  barcode: z.string(),
  tubeId: z.number(),
  siteId: z.number(),
  /** null once the participant's data are destroyed (the aliquot awaits its own destruction). */
  participantId: z.number().nullable(),
  studyId: z.string().nullable(),
  visit: z.string(),
  sampleType: z.string(),
  volumeUl: z.number().nullable(),
  status: z.enum(aliquotStatuses),
  boxId: z.number().nullable(),
  row: z.number().nullable(),
  column: z.number().nullable(),
  /** "Box 12 · B7", or null out of a box. */
  position: z.string().nullable(),
  freezeThawCount: z.number(),
  /** Processed later after the draw than its sample type allows (pre-analytical delay). */
  delayExceeded: z.boolean(),
  createdAt: isoDateTime,
  version: z.number(),
});
export type AliquotView = z.infer<typeof aliquotView>;

export const tubeView = z.object({
  id: z.number(),
  barcode: z.string(),
  tubeType: z.string(),
  status: z.enum(tubeStatuses),
  drawnAt: isoDateTime.nullable(),
  receivedAt: isoDateTime.nullable(),
  processedAt: isoDateTime.nullable(),
  centrifugation: z.object({ g: z.number(), minutes: z.number(), temperatureC: z.number() }).nullable(),
  /** Draw to processing, whole minutes. */
  delayMinutes: z.number().nullable(),
  delayExceeded: z.boolean(),
  version: z.number(),
  aliquots: z.array(aliquotView),
});
export type TubeView = z.infer<typeof tubeView>;

export const participantSamples = z.object({
  participantId: z.number(),
  studyId: z.string(),
  siteId: z.number(),
  /** A destruction of the samples is pending or carried out: nothing new is processed. */
  toBeDestroyed: z.boolean(),
  visits: z.array(z.object({ visit: z.string(), tubes: z.array(tubeView) })),
});
export type ParticipantSamples = z.infer<typeof participantSamples>;

// Storage.

export const freezerCreate = z.strictObject({
  name: text(100),
  kind: z.enum(freezerKinds),
  location: text(200).nullish(),
});
export const rackCreate = z.strictObject({ name: text(100), kind: z.enum(rackKinds) });
export const boxCreate = z.strictObject({
  name: text(100),
  /** Absent: one is made (B and 8 digits). */
  barcode: barcode.nullish(),
  rows: z.number().int().min(1).max(26),
  columns: z.number().int().min(1).max(26),
});

export const freezerView = z.object({
  id: z.number(),
  siteId: z.number(),
  name: z.string(),
  kind: z.enum(freezerKinds),
  location: z.string().nullable(),
  createdAt: isoDateTime,
});
export const rackView = z.object({
  id: z.number(),
  siteId: z.number(),
  freezerId: z.number(),
  name: z.string(),
  kind: z.enum(rackKinds),
  createdAt: isoDateTime,
});
export const boxView = z.object({
  id: z.number(),
  siteId: z.number(),
  rackId: z.number().nullable(),
  name: z.string(),
  barcode: z.string(),
  rows: z.number(),
  columns: z.number(),
  used: z.number(),
  free: z.number(),
  createdAt: isoDateTime,
  version: z.number(),
});
export type BoxView = z.infer<typeof boxView>;

export const storageTree = z.object({
  freezers: z.array(freezerView.extend({ racks: z.array(rackView.extend({ boxes: z.array(boxView) })) })),
});
export type StorageTree = z.infer<typeof storageTree>;

export const boxMap = z.object({
  box: boxView.extend({ location: z.string().describe('Site · freezer · rack or shelf') }),
  positions: z.array(
    z.object({
      row: z.number(),
      column: z.number(),
      position: z.string(),
      aliquot: z
        .object({
          id: z.number(),
          barcode: z.string(),
          studyId: z.string().nullable(),
          visit: z.string(),
          sampleType: z.string(),
          status: z.enum(aliquotStatuses),
          version: z.number(),
        })
        .nullable(),
    }),
  ),
});
export type BoxMap = z.infer<typeof boxMap>;

export const aliquotSearch = z.strictObject({
  barcode: barcode.optional(),
  status: z.enum(aliquotStatuses).optional(),
});

export const custodyView = z.object({
  event: z.string(),
  at: isoDateTime,
  by: z.string(),
  location: z.string().nullable(),
  shipmentId: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const aliquotFound = aliquotView.extend({
  /** Where it is, in words: "Site · freezer · rack · box · B7", or its status. */
  location: z.string(),
  custody: z.array(custodyView),
});
export type AliquotFound = z.infer<typeof aliquotFound>;

// Placing, thawing, using.

export const placement = z.strictObject({
  version,
  /** null: take the aliquot out of its box. */
  boxId: id.nullable(),
  position: z.string().min(1).max(12).nullish().describe('In the box: "B7"'),
});
export const boxLoad = z.strictObject({
  /** A scanner's file: rows of barcode and position, `,` or `;` between them, a header line allowed. */
  content: z.string().min(1).max(200_000),
});
export const aliquotUse = z.strictObject({ version, assay: text(100).nullish(), note: text(500).nullish() });

// Shipments.

export const shipmentCreate = z.strictObject({
  toSiteId: id,
  aliquotIds: z.array(id).max(2000).nullish(),
  /** Every aliquot in these boxes. */
  boxIds: z.array(id).max(100).nullish(),
  courier: text(100).nullish(),
  tracking: text(100).nullish(),
  temperature: text(60).nullish().describe('How it travels: dry ice, LN2 dry shipper, ambient ...'),
});
export type ShipmentCreate = z.infer<typeof shipmentCreate>;

export const shipmentReceipt = z.strictObject({
  version,
  items: z
    .array(z.strictObject({ aliquotId: id, receipt: z.enum(receipts), note: text(500).nullish() }))
    .min(1)
    .max(2000),
});
export type ShipmentReceipt = z.infer<typeof shipmentReceipt>;

export const shipmentItemView = z.object({
  aliquotId: z.number(),
  barcode: z.string(),
  studyId: z.string().nullable(),
  visit: z.string(),
  sampleType: z.string(),
  volumeUl: z.number().nullable(),
  status: z.enum(aliquotStatuses),
  /** Box and position: where it is, or where it was when the shipment left. */
  box: z.string().nullable(),
  position: z.string().nullable(),
  receipt: z.enum(receipts).nullable(),
  note: z.string().nullable(),
});
export const shipmentView = z.object({
  id: z.number(),
  fromSiteId: z.number(),
  fromSite: z.string(),
  toSiteId: z.number(),
  toSite: z.string(),
  status: z.enum(shipmentStatuses),
  courier: z.string().nullable(),
  tracking: z.string().nullable(),
  temperature: z.string().nullable(),
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  receivedAt: isoDateTime.nullable(),
  itemCount: z.number(),
  /** Items received missing or damaged. */
  discrepancies: z.number(),
  version: z.number(),
});
export type ShipmentView = z.infer<typeof shipmentView>;
export const shipmentDetail = shipmentView.extend({ items: z.array(shipmentItemView) });
export type ShipmentDetail = z.infer<typeof shipmentDetail>;

// Destruction tasks.

export const taskStatuses = ['open', 'done'] as const;
export const destructionTaskView = z.object({
  id: z.number(),
  destructionId: z.number(),
  siteId: z.number(),
  /** The participant's study id, kept on the destruction's tombstone. */
  studyId: z.string(),
  kind: z.enum(['aliquot', 'tube']),
  barcode: z.string(),
  /** The aliquot's sample type or the tube's type. */
  type: z.string().nullable(),
  /** Where to find it: "Site · freezer · rack · box · B7", or its status. */
  location: z.string(),
  status: z.enum(taskStatuses),
  createdAt: isoDateTime,
  doneBy: z.string().nullable(),
  doneAt: isoDateTime.nullable(),
  version: z.number(),
});
export type DestructionTaskView = z.infer<typeof destructionTaskView>;

/** A file answer: text (CSV, ZPL) or bytes (PDF); the Content-Type header says which. */
export const download = z
  .union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array)])
  .describe('The file: text/csv, text/plain (ZPL) or application/pdf');
