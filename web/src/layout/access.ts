import { allows, sitesAllowing, type Action, type Membership } from '../../../src/core/permissions.ts';

export interface Access {
  manageSites: boolean;
  manageUsers: boolean;
  readSecurityLog: boolean;
  readAudit: boolean;
}

/** Study-wide actions need the role at every site (the API's `requireEverywhere`), not at one. */
function everywhere(memberships: readonly Membership[], action: Action): boolean {
  return sitesAllowing(memberships, action) === 'all';
}

export function accessOf(memberships: readonly Membership[]): Access {
  return {
    manageSites: everywhere(memberships, 'site.manage'),
    manageUsers: everywhere(memberships, 'user.manage'),
    readSecurityLog: everywhere(memberships, 'security_log.read'),
    readAudit: allows(memberships, 'audit.read'),
  };
}
