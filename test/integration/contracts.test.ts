import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf } from '../../src/core/endpoint.ts';
import { errorStatus } from '../../src/core/errors.ts';
import { allows, roles, sitesAllowing, type Role } from '../../src/core/permissions.ts';
import { engines } from '../support/engines.ts';
import { populatedSite, runsLast, sampleBodies, urlFor, type SiteObjects } from '../support/route-samples.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

/**
 * Every endpoint is written once, as a contract (src/core/endpoint.ts): its access rule, its input, its answers.
 * These tests hold the server to the contracts of every registered route, so a new endpoint is covered the day
 * it is added. (Every other integration test also fails on an error answer its endpoint does not declare:
 * test/support/test-app.ts.)
 */

interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
}
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: unknown;
  enum?: string[];
}

describe('the OpenAPI description', () => {
  let t: TestApp;
  let spec: OpenApi;
  beforeAll(async () => {
    t = await startTestApp(engines[0]!);
    spec = (await t.admin.call('GET', '/api/docs/json').expect(200)).json as OpenApi;
  });
  afterAll(() => t.close());

  it('documents every route with its success answer and the one error body under each refusal it can give', () => {
    expect(t.app.apiRoutes.length).toBeGreaterThan(30);
    for (const { method, url, endpoint } of t.app.apiRoutes) {
      const operation = spec.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      const where = `${method} ${url}`;
      expect(operation, where).toBeDefined();
      expect(Object.keys(operation!.responses), where).toContain(String(endpoint.status ?? 200));
      for (const code of errorsOf(endpoint)) {
        const schema = operation!.responses[String(errorStatus[code])]?.content?.['application/json']?.schema;
        const error = schema?.properties?.error;
        const sameStatus = errorsOf(endpoint).filter((other) => errorStatus[other] === errorStatus[code]);
        expect(error?.properties?.code?.enum?.sort(), `${where} ${code}`).toEqual(sameStatus.sort());
        expect(error?.required, `${where} ${code}`).toEqual(expect.arrayContaining(['code', 'message']));
        expect(Object.keys(error?.properties ?? {}), `${where} ${code}`).toEqual(
          expect.arrayContaining(['key', 'params', 'field']),
        );
      }
    }
  });

  it('describes the study protocol field by field, not as an open record', () => {
    const current =
      spec.paths['/api/study']?.get?.responses['200']?.content?.['application/json']?.schema.properties?.current;
    expect(current?.additionalProperties).toBe(false);
    expect(Object.keys(current?.properties ?? {})).toEqual(
      expect.arrayContaining(['visits', 'samplePlan', 'eligibility', 'consent', 'withdrawal', 'studyIdFormat']),
    );
  });
});

describe.each(engines)('access rules on $name', (engine) => {
  let t: TestApp;
  let a: SiteObjects;
  const staff = new Map<Role, TestClient>();

  beforeAll(async () => {
    t = await startTestApp(engine);
    ({ objects: a } = await populatedSite(t, 'ACC', 'ACCESS'));
    for (const role of roles) staff.set(role, await t.userWith([{ siteId: a.siteId, role }]));
  });
  afterAll(() => t.close());

  it("refuse every role the endpoint's action does not allow, and only those", async () => {
    const wrong: string[] = [];
    const routes = t.app.apiRoutes.filter(({ method, url }) => !runsLast.has(`${method} ${url}`));
    for (const [role, user] of staff) {
      const memberships = [{ siteId: a.siteId, role }];
      for (const { method, url, endpoint } of routes) {
        const { access } = endpoint;
        if (typeof access !== 'object') continue;
        const key = `${method} ${url}`;
        const reply = await user.call(method, urlFor(url, a), sampleBodies[key]?.(user, a));
        const refusal = (reply.json as { error?: { key?: string } } | undefined)?.error?.key;
        const refused = refusal === 'access.notAllowed' || refusal === 'access.notEverywhere';
        // A site route refuses another site as "not found"; the role's own site is what is tested here.
        const allowed =
          access.at === 'everywhere'
            ? sitesAllowing(memberships, access.action) === 'all'
            : allows(memberships, access.action, a.siteId);
        if (allowed && refused) wrong.push(`${role} ${key}: refused, though ${access.action} is allowed`);
        if (!allowed && !(refused && reply.status === 403)) {
          wrong.push(`${role} ${key}: HTTP ${reply.status} ${refusal ?? ''}, though ${access.action} is not allowed`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
