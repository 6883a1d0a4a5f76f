import type { Kysely } from 'kysely';
import type { Action } from '../../core/permissions.ts';
import type { Tables } from '../../db/tables.ts';
import { SiteScope } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';

/**
 * Samples cross sites where study data do not: an aliquot shipped to the central lab belongs to that site from
 * then on, yet it is still the participant's (their sample view lists it, their destruction reaches it), and a
 * shipment is the business of both the sending and the receiving site. These handles widen the caller's scope
 * for exactly those reads and writes. Each use is preceded by the check that decides access: the participant,
 * shipment or box found through the caller's own scope (or one of the shipment's two sites in it).
 */

/** Every site: for barcodes (unique across the study) and for what follows a participant wherever it went. */
export function everySite(trx: Kysely<Tables>, action: Action): StudyDb {
  return studyDb(trx, new SiteScope(action, 'all'));
}

/** The two sites of a shipment, once the caller was found to work at one of them. */
export function shipmentSites(trx: Kysely<Tables>, action: Action, siteIds: readonly number[]): StudyDb {
  return studyDb(trx, new SiteScope(action, [...new Set(siteIds)]));
}
