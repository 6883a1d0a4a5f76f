import { AppError } from '../core/errors.ts';
import { accessMessages, notFound } from '../core/messages.ts';
import { sitesAllowing, type Action } from '../core/permissions.ts';
import type { CallContext } from './context.ts';

/**
 * The sites where the caller may perform one action. Services get it from `scopeFor` and hand it to
 * the ScopedDb, the only way to reach site-owned tables; so a query without the caller's sites cannot
 * be written.
 */
export class SiteScope {
  constructor(
    readonly action: Action,
    readonly siteIds: 'all' | readonly number[],
  ) {}

  includes(siteId: number): boolean {
    return this.siteIds === 'all' || this.siteIds.includes(siteId);
  }

  get all(): boolean {
    return this.siteIds === 'all';
  }
}

/** The caller's scope for an action; forbidden when the caller may do it nowhere. */
export function scopeFor(ctx: CallContext, action: Action): SiteScope {
  if (ctx.caller.kind === 'operator') return new SiteScope(action, 'all');
  const sites = sitesAllowing(ctx.caller.memberships, action);
  if (sites !== 'all' && sites.length === 0) {
    throw new AppError('forbidden', accessMessages.notAllowed({ action }));
  }
  return new SiteScope(action, sites);
}

/**
 * Checks the action at one site. A site outside the caller's reach is "not found", so that its
 * existence does not leak.
 */
export function requireAtSite(ctx: CallContext, action: Action, siteId: number): SiteScope {
  const scope = scopeFor(ctx, action);
  if (!scope.includes(siteId)) throw notFound('site', siteId);
  return scope;
}

/**
 * For actions over the whole study (creating sites, managing accounts, the security log): the role
 * must be held at every site, not at one.
 */
export function requireEverywhere(ctx: CallContext, action: Action): void {
  if (!scopeFor(ctx, action).all) {
    throw new AppError('forbidden', accessMessages.notEverywhere({ action }));
  }
}
