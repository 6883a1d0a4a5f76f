import { IANAZone } from 'luxon';
import { z } from 'zod';
import { id, isoDateTime } from '../../core/schemas.ts';

export const siteCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z][A-Z0-9]{1,7}$/,
    'a site code is 2-8 letters or digits, starting with a letter (it prefixes study ids, e.g. NIJ-001)',
  );

export const timeZone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'not a time zone name such as Europe/Amsterdam');

export const siteView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: isoDateTime,
  disabledAt: isoDateTime.nullable(),
});
export type SiteView = z.infer<typeof siteView>;

export const siteCreate = z.strictObject({
  code: siteCode,
  name: z.string().trim().min(1).max(200),
  timeZone: timeZone.default('Europe/Amsterdam'),
});

export const siteUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    timeZone: timeZone.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change');

export const siteParams = z.strictObject({ siteId: id });
