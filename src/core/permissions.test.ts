import { describe, expect, it } from 'vitest';
import { actions, allows, allowsHeldAtSite, roleAllows, roles, sitesAllowing, type Action } from './permissions.ts';

const writes: Action[] = ['site.manage', 'user.manage', 'participant.write'];

describe('the permission matrix', () => {
  it('lets the monitor read and change nothing', () => {
    for (const action of writes) expect(roleAllows('monitor', action)).toBe(false);
    expect(roleAllows('monitor', 'participant.read')).toBe(true);
  });

  it('never shows identity to statisticians or monitors', () => {
    expect(roleAllows('statistician', 'identity.read')).toBe(false);
    expect(roleAllows('monitor', 'identity.read')).toBe(false);
    expect(roleAllows('statistician', 'participant.read')).toBe(false);
    expect(roleAllows('statistician', 'research_data.read')).toBe(true);
  });

  it('keeps account and site administration to the administrator', () => {
    for (const role of roles) {
      expect(roleAllows(role, 'user.manage')).toBe(role === 'administrator');
      expect(roleAllows(role, 'site.manage')).toBe(role === 'administrator');
    }
  });

  it('lets every role see the sites it works at', () => {
    for (const role of roles) expect(roleAllows(role, 'site.read')).toBe(true);
  });

  it('has a description for every action', () => {
    for (const description of Object.values(actions)) expect(description.length).toBeGreaterThan(10);
  });
});

describe('sites where memberships allow an action', () => {
  it('collects the sites of the roles that allow it', () => {
    const memberships = [
      { siteId: 2, role: 'site_coordinator' as const },
      { siteId: 1, role: 'monitor' as const },
      { siteId: 3, role: 'statistician' as const },
    ];
    expect(sitesAllowing(memberships, 'participant.read')).toEqual([1, 2]);
    expect(sitesAllowing(memberships, 'participant.write')).toEqual([2]);
    expect(sitesAllowing(memberships, 'user.manage')).toEqual([]);
    expect(allows(memberships, 'participant.write', 1)).toBe(false);
    expect(allows(memberships, 'participant.write', 2)).toBe(true);
  });

  it('gives all sites for a membership without a site', () => {
    expect(sitesAllowing([{ siteId: null, role: 'data_manager' }], 'audit.read')).toBe('all');
    expect(allows([{ siteId: null, role: 'data_manager' }], 'audit.read', 42)).toBe(true);
  });

  it('keeps identity at the site: a role held at every site does not read it', () => {
    const centre = [{ siteId: null, role: 'investigator' as const }];
    expect(allows(centre, 'identity.read', 5)).toBe(true);
    expect(allowsHeldAtSite(centre, 'identity.read', 5)).toBe(false);
    expect(allowsHeldAtSite([{ siteId: 5, role: 'site_coordinator' }], 'identity.read', 5)).toBe(true);
    expect(allowsHeldAtSite([{ siteId: 5, role: 'monitor' }], 'identity.read', 5)).toBe(false);
  });
});
