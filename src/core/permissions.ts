/**
 * Who may do what: the permission matrix as data (role × action). `docs/permissions.md` is generated
 * from this file (`npm run docs:permissions`) and a test fails when the two disagree.
 *
 * A user holds roles per site (a membership); a membership without a site holds the role at every
 * site (the coordinating centre). An action is allowed at a site when any of the user's roles at that
 * site allows it.
 */
export const roles = [
  'administrator',
  'data_manager',
  'investigator',
  'site_coordinator',
  'lab_technician',
  'monitor',
  'statistician',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  data_manager: 'Data manager',
  investigator: 'Investigator',
  site_coordinator: 'Site coordinator',
  lab_technician: 'Lab technician',
  monitor: 'Monitor',
  statistician: 'Statistician',
};

export const actions = {
  'site.read': 'See the site and work in it',
  'site.manage': 'Create sites and change their settings',
  'user.manage': 'Create users, give and take roles, disable and unlock accounts',
  'security_log.read': 'Read the security log (sign-ins, lock-outs, tokens, role changes)',
  'audit.read': 'Read the audit trail of study data at the site',
  'participant.read': 'See participants by study id, their visits and clinical data',
  'participant.write': 'Screen, enroll, record consent, visits and clinical data',
  'identity.read':
    "Read a participant's identifying data (name, hospital number, phone) with a role held at that site itself; every read is audited",
  'research_data.read': 'Read pseudonymised research data and run analyses',
  'destruction.approve': "Approve or reject the destruction of a participant's samples and data (a second person)",
  'form.verify': 'Mark a case report form as source-verified against the hospital record (monitoring)',
  'form.sign': 'Sign case report forms with a password re-entry (an electronic signature)',
  'query.manage': 'Open queries on form data by hand, assign, close and re-open them',
  'data.lock': 'Lock and unlock form data of a form, visit, participant, site or the whole study',
  'sample.write': "Process a visit's tubes, make and label aliquots, place and move them, ship and receive shipments",
  'storage.manage': 'Set up freezers, racks, shelves and boxes',
  'sample.destroy': 'Carry out the destruction of samples after an approved destruction',
  'lab.import': 'Import laboratory results, record HLA-DR bead calibrations, correct results',
  'assay.manage': 'Add assays and new versions of them to the catalogue, save laboratory file mappings',
} as const;
export type Action = keyof typeof actions;

const matrix: Record<Role, readonly Action[]> = {
  administrator: ['site.read', 'site.manage', 'user.manage', 'security_log.read', 'audit.read'],
  data_manager: ['site.read', 'audit.read', 'participant.read', 'research_data.read', 'query.manage', 'data.lock'],
  investigator: [
    'site.read',
    'audit.read',
    'participant.read',
    'participant.write',
    'identity.read',
    'research_data.read',
    'destruction.approve',
    'form.sign',
  ],
  site_coordinator: ['site.read', 'participant.read', 'participant.write', 'identity.read', 'sample.write'],
  lab_technician: [
    'site.read',
    'participant.read',
    'sample.write',
    'storage.manage',
    'sample.destroy',
    'lab.import',
    'assay.manage',
  ],
  monitor: ['site.read', 'audit.read', 'participant.read', 'form.verify', 'query.manage'],
  statistician: ['site.read', 'research_data.read'],
};

export function roleAllows(role: Role, action: Action): boolean {
  return matrix[role].includes(action);
}

export interface Membership {
  /** null: the role holds at every site. */
  siteId: number | null;
  role: Role;
}

/** The sites where the memberships allow the action: 'all', or a (possibly empty) list of site ids. */
export function sitesAllowing(memberships: readonly Membership[], action: Action): 'all' | number[] {
  const sites = new Set<number>();
  for (const membership of memberships) {
    if (!roleAllows(membership.role, action)) continue;
    if (membership.siteId === null) return 'all';
    sites.add(membership.siteId);
  }
  return [...sites].sort((a, b) => a - b);
}

export function allows(memberships: readonly Membership[], action: Action, siteId?: number): boolean {
  const sites = sitesAllowing(memberships, action);
  if (sites === 'all') return true;
  return siteId === undefined ? sites.length > 0 : sites.includes(siteId);
}

/**
 * For identifying data, which stays at the site: only a role held at that very site counts, not one held at
 * every site (the coordinating centre).
 */
export function allowsHeldAtSite(memberships: readonly Membership[], action: Action, siteId: number): boolean {
  return memberships.some((m) => m.siteId === siteId && roleAllows(m.role, action));
}
