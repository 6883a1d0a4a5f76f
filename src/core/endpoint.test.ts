import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { endpoint, errorsOf, mayCall, urlOf } from './endpoint.ts';

const params = z.strictObject({ siteId: z.coerce.number() });
const list = endpoint({
  method: 'GET',
  path: '/api/sites/:siteId/things',
  tag: 'things',
  summary: 'Things of a site',
  access: { action: 'participant.read', at: 'site' },
  params,
  query: z.strictObject({ from: z.string().optional() }),
  response: z.object({ things: z.array(z.string()) }),
  errors: [],
});

describe('an endpoint contract', () => {
  it('must name the same path parameters in its path and its params schema', () => {
    const bad = { ...list, path: '/api/sites/:site/things' } as const;
    expect(() => endpoint(bad)).toThrow(/path parameters and the params schema \(siteId\) differ/);
    const unnamed = { ...list, path: '/api/sites/things', params: undefined } as const;
    expect(() => endpoint(unnamed)).toThrow(/access at a site needs :siteId/);
  });

  it('builds the URL of a call: parameters filled in and escaped, empty query values left out', () => {
    expect(urlOf(list, { params: { siteId: 7 }, query: { from: '2026-03-01' } })).toBe(
      '/api/sites/7/things?from=2026-03-01',
    );
    expect(urlOf(list, { params: { siteId: 'a/b' }, query: { from: '' } })).toBe('/api/sites/a%2Fb/things');
  });

  it('lists every refusal its input and access imply, besides the declared ones', () => {
    expect(errorsOf(list).sort()).toEqual(
      [
        'internal',
        'invalid_input',
        'unauthenticated',
        'session_expired',
        'password_change_required',
        'forbidden',
        'not_found',
      ].sort(),
    );
    const signIn = endpoint({
      ...list,
      method: 'POST',
      path: '/api/x',
      access: 'public',
      params: undefined,
      query: undefined,
      body: z.object({}),
      errors: ['rate_limited'],
    });
    expect(errorsOf(signIn).sort()).toEqual(
      ['internal', 'invalid_input', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'conflict'].sort(),
    );
  });

  it('lets every change lose a race (409), and every site in a path be not found, whatever the access rule', () => {
    const rename = endpoint({ ...list, method: 'PATCH', access: { action: 'site.manage', at: 'everywhere' } });
    expect(errorsOf(rename)).toEqual(expect.arrayContaining(['conflict', 'not_found', 'csrf_failed']));
    expect(errorsOf(list)).not.toContain('conflict');
  });

  it('lets a change without a body refuse one that is too large or not JSON (the server reads it anyway)', () => {
    const unlock = endpoint({
      ...list,
      method: 'POST',
      path: '/api/unlock',
      access: 'self',
      params: undefined,
      query: undefined,
    });
    expect(errorsOf(unlock)).toEqual(
      expect.arrayContaining(['invalid_input', 'payload_too_large', 'unsupported_media_type']),
    );
    expect(errorsOf({ ...unlock, method: 'GET' })).not.toContain('payload_too_large');
  });

  it('tells the web app whether memberships pass the access rule at a site', () => {
    const nurse = [{ siteId: 1, role: 'site_coordinator' as const }];
    expect(mayCall(list, nurse, 1)).toBe(true);
    expect(mayCall(list, nurse, 2)).toBe(false);
    expect(mayCall(list, nurse, null)).toBe(false);
    const everywhere = { access: { action: 'site.manage', at: 'everywhere' } } as const;
    expect(mayCall(everywhere, [{ siteId: 1, role: 'administrator' }], 1)).toBe(false);
    expect(mayCall(everywhere, [{ siteId: null, role: 'administrator' }], null)).toBe(true);
    expect(mayCall({ access: 'self' }, [], null)).toBe(true);
  });
});
