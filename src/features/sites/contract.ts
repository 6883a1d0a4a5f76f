import { IANAZone } from 'luxon';
import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id, isoDateTime, keyed, somethingToChange } from '../../core/schemas.ts';
import { siteMessages } from './messages.ts';

export const siteCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => /^[A-Z][A-Z0-9]{1,7}$/.test(code), keyed(siteMessages.codeFormat()));

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), keyed(siteMessages.timeZone()));

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
  .refine(...somethingToChange);

export const siteParams = z.strictObject({ siteId: id });

const tag = 'sites';

export const sitesEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/sites',
    tag,
    summary: 'The sites you work at (all, for roles that hold everywhere)',
    access: { action: 'site.read', at: 'any' },
    response: z.object({ sites: z.array(siteView) }),
    errors: [],
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/sites',
    tag,
    summary: 'Create a site',
    access: { action: 'site.manage', at: 'everywhere' },
    body: siteCreate,
    status: 201,
    response: siteView,
    errors: ['conflict'],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId',
    tag,
    summary: 'One site',
    access: { action: 'site.read', at: 'site' },
    params: siteParams,
    response: siteView,
    errors: [],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/sites/:siteId',
    tag,
    summary: 'Change a site (name, time zone, disabled)',
    access: { action: 'site.manage', at: 'everywhere' },
    params: siteParams,
    body: siteUpdate,
    response: siteView,
    errors: ['not_found'],
  }),
};
