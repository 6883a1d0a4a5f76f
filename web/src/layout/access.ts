import {
  allows,
  allowsHeldAtSite,
  sitesAllowing,
  type Action,
  type Membership,
} from '../../../src/core/permissions.ts';

export interface Access {
  manageSites: boolean;
  manageUsers: boolean;
  readSecurityLog: boolean;
  readAudit: boolean;
  /** At the current site: see the screening log, participants, the worklist and destructions. */
  readParticipants: boolean;
  /** At the current site: screen, enroll, record consent, visits, events and withdrawals. */
  writeParticipants: boolean;
  /** Held at the current site itself (not everywhere): read and correct a participant's identifying data. */
  readIdentity: boolean;
  /** At the current site: approve or reject a destruction (a second person). */
  approveDestruction: boolean;
}

/** Study-wide actions need the role at every site (the API's `requireEverywhere`), not at one. */
function everywhere(memberships: readonly Membership[], action: Action): boolean {
  return sitesAllowing(memberships, action) === 'all';
}

/** What the memberships allow; site actions are judged at `siteId` (the current site), none without one. */
export function accessOf(memberships: readonly Membership[], siteId: number | null = null): Access {
  const atSite = (action: Action) => siteId !== null && allows(memberships, action, siteId);
  return {
    manageSites: everywhere(memberships, 'site.manage'),
    manageUsers: everywhere(memberships, 'user.manage'),
    readSecurityLog: everywhere(memberships, 'security_log.read'),
    readAudit: allows(memberships, 'audit.read'),
    readParticipants: atSite('participant.read'),
    writeParticipants: atSite('participant.write'),
    readIdentity: siteId !== null && allowsHeldAtSite(memberships, 'identity.read', siteId),
    approveDestruction: atSite('destruction.approve'),
  };
}
