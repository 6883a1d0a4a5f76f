import { mayCall } from '../../../src/core/endpoint.ts';
import { allows, allowsHeldAtSite, type Membership } from '../../../src/core/permissions.ts';
import {
  analysisEndpoints,
  auditEndpoints,
  crfEndpoints,
  destructionEndpoints,
  labsEndpoints,
  samplesEndpoints,
  screeningEndpoints,
  sitesEndpoints,
  usersEndpoints,
} from '../api/endpoints.ts';

/**
 * What the web app offers a user: read from the access rules of the endpoints it would call (src/core/endpoint.ts),
 * so that a button shows exactly when the server would let it work.
 */
export interface Access {
  manageSites: boolean;
  manageUsers: boolean;
  readSecurityLog: boolean;
  /** At some site: the audit trail in the navigation. */
  readAudit: boolean;
  /** At the current site: see the screening log, participants, the worklist and destructions. */
  readParticipants: boolean;
  /** At the current site: screen, enroll, record consent, visits, events and withdrawals. */
  writeParticipants: boolean;
  /** Held at the current site itself (not everywhere): read and correct a participant's identifying data. */
  readIdentity: boolean;
  /** At the current site: approve or reject a destruction (a second person). */
  approveDestruction: boolean;
  /** At the current site: the form status matrix, the query list and the data-quality report. */
  readFormReports: boolean;
  /** At the current site: the biobank pages (storage, box maps, shipments, destruction tasks); place and ship. */
  handleSamples: boolean;
  /** At the current site: add freezers, racks and boxes. */
  manageStorage: boolean;
  /** At the current site: carry out destruction tasks. */
  destroySamples: boolean;
  /** At some site (study-wide for lab staff): the assay catalogue and result imports. */
  importResults: boolean;
  /** At some site: start and read analysis runs (on the pseudonymised data at the caller's sites). */
  readResearch: boolean;
}

/** What the memberships allow; site actions are judged at `siteId` (the current site), none without one. */
export function accessOf(memberships: readonly Membership[], siteId: number | null = null): Access {
  return {
    manageSites: mayCall(sitesEndpoints.create, memberships, siteId),
    manageUsers: mayCall(usersEndpoints.create, memberships, siteId),
    readSecurityLog: mayCall(auditEndpoints.securityLog, memberships, siteId),
    readAudit: allows(memberships, 'audit.read'),
    readParticipants: mayCall(screeningEndpoints.list, memberships, siteId),
    writeParticipants: mayCall(screeningEndpoints.create, memberships, siteId),
    // Identity stays at the site: a role held at every site (the coordinating centre) does not reach it.
    readIdentity: siteId !== null && allowsHeldAtSite(memberships, 'identity.read', siteId),
    approveDestruction: mayCall(destructionEndpoints.approve, memberships, siteId),
    readFormReports: mayCall(crfEndpoints.statusMatrix, memberships, siteId),
    handleSamples: mayCall(samplesEndpoints.place, memberships, siteId),
    manageStorage: mayCall(samplesEndpoints.createFreezer, memberships, siteId),
    destroySamples: mayCall(samplesEndpoints.destroyed, memberships, siteId),
    // Imports answer for the caller's sites, whichever site is chosen in the header.
    importResults: allows(memberships, labsEndpoints.import.access.action),
    // Runs read the data at all the caller's sites, whichever site is chosen in the header.
    readResearch: allows(memberships, analysisEndpoints.runs.access.action),
  };
}

/** What a user may do with a participant's case report forms, judged at the participant's site. */
export interface FormAccess {
  /** Enter and save data, mark a form complete, answer queries (site staff). */
  enter: boolean;
  verify: boolean;
  sign: boolean;
  lock: boolean;
  /** Open queries by hand, close and re-open them. */
  manageQueries: boolean;
}

export function formAccessOf(memberships: readonly Membership[], siteId: number): FormAccess {
  return {
    enter: mayCall(crfEndpoints.save, memberships, siteId),
    verify: mayCall(crfEndpoints.verify, memberships, siteId),
    sign: mayCall(crfEndpoints.sign, memberships, siteId),
    lock: mayCall(crfEndpoints.lockForm, memberships, siteId),
    manageQueries: mayCall(crfEndpoints.openQuery, memberships, siteId),
  };
}

/** What a user may do with a participant's samples, judged at the participant's own site. */
export interface SampleAccess {
  /** Receive and process a visit's tubes into aliquots. */
  process: boolean;
  /** Print the labels of a visit's aliquots. */
  labels: boolean;
}

export function sampleAccessOf(memberships: readonly Membership[], siteId: number): SampleAccess {
  return {
    process: mayCall(samplesEndpoints.process, memberships, siteId),
    labels: mayCall(samplesEndpoints.labels, memberships, siteId),
  };
}
