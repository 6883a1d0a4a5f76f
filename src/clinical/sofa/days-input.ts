import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseInput } from '../../core/zod-input.ts';
import { norepinephrineSalts, sofaWindowFields, type NorepinephrineSalt } from './input.ts';

/** An instant with its UTC offset (a time without one is ambiguous across DST). */
const instant = z
  .string()
  .refine(
    (text) => /([+-]\d{2}:?\d{2}|Z)$/.test(text) && DateTime.fromISO(text).isValid,
    'an ISO 8601 date-time with offset, e.g. 2026-03-02T14:20:00+01:00',
  )
  .transform((text) => DateTime.fromISO(text).toMillis());

const openPeriod = { start: instant, stop: instant.nullish().transform((value) => value ?? null) };

export const sofaDaysInput = z.strictObject({
  icuAdmission: instant,
  /** `admission`: 24-hour blocks from ICU admission; `calendar`: day 1 ends at the first local midnight. */
  dayBoundary: z.enum(['admission', 'calendar']).default('admission'),
  timeZone: z
    .string()
    .refine((zone) => DateTime.local().setZone(zone).isValid, 'an IANA time zone such as Europe/Amsterdam')
    .default('Europe/Amsterdam'),
  observations: z.array(z.strictObject({ time: instant, ...sofaWindowFields })).max(100_000),
  /** Continuous vasoactive infusions; one that runs less than an hour does not count. */
  infusions: z
    .array(
      z.strictObject({
        drug: z.enum(['norepinephrine', 'epinephrine', 'dopamine', 'other']),
        doseUgKgMin: z.number().finite().min(0).max(100),
        salt: z.enum(Object.keys(norepinephrineSalts) as [NorepinephrineSalt, ...NorepinephrineSalt[]]).default('base'),
        ...openPeriod,
      }),
    )
    .default([]),
  /** Kidney replacement therapy: continuous, or an intermittent programme from its first session until it is stopped. */
  rrt: z.array(z.strictObject({ ...openPeriod, nonRenalIndication: z.boolean().default(false) })).default([]),
  /** Organ support periods. */
  support: z
    .array(
      z.strictObject({
        kind: z.enum(['advancedRespiratory', 'ecmoRespiratory', 'ecmoCardiac', 'mechanicalCirculatory']),
        ...openPeriod,
      }),
    )
    .default([]),
});

export type SofaDaysInput = z.output<typeof sofaDaysInput>;

export function parseSofaDaysInput(raw: unknown): SofaDaysInput {
  return parseInput(sofaDaysInput, raw);
}
