import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { concurrentRequests, races } from '../support/races.ts';
import { studySite, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { Reply } from '../support/test-client.ts';

/**
 * Every state-changing route, hit by several requests at one object at the same moment, on both engines:
 * SQLite runs one writer at a time and hides races that PostgreSQL shows. The routes come from the server's
 * own list, so a new one fails here until test/support/races.ts says what must come of a race on it.
 */

const changesState = (method: string) => method !== 'GET';

describe.each(engines)('one winner per state change on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t);
  });
  afterAll(() => t.close());

  const freshUser = async () => {
    const user = await t.userWith([{ siteId: site.siteId, role: 'site_coordinator' }]);
    return user;
  };

  it('has a race for every state-changing route', () => {
    const routes = t.app.apiRoutes.filter((r) => changesState(r.method)).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((key) => !(key in races))).toEqual([]);
    expect(Object.keys(races).filter((key) => !routes.includes(key))).toEqual([]);
  });

  it.each(Object.entries(races))('%s', async (_key, { outcome, race }) => {
    const { requests, settle } = await race({ t, site, freshUser });
    const before = await auditHead();
    const replies = await Promise.all(requests.map((r) => r.client.call(r.method, r.url, r.body).then((x) => x)));
    const written = await auditSince(before);
    const statuses = replies.map((r) => r.status);
    const problems = replies.filter((r) => r.status >= 500).map(describeReply);
    expect(problems).toEqual([]);

    const wins = statuses.filter((s) => s < 300).length;
    const counts = countBy(written.map((e) => e.action));
    if (outcome.kind === 'once') {
      expect(wins, `answers ${statuses.join(', ')}`).toBe(1);
      const refused = statuses.filter((s) => s >= 300);
      const allowed = [409, ...(outcome.refusals ?? [])];
      expect(
        refused.filter((s) => !allowed.includes(s)),
        replies.map(describeReply).join('\n'),
      ).toEqual([]);
      expect(Object.keys(counts).length).toBeGreaterThan(0);
      for (const [action, count] of Object.entries(counts)) expect(count, action).toBe(1);
    } else {
      expect(statuses, replies.map(describeReply).join('\n')).toEqual(requests.map(() => statuses[0]));
      expect(wins).toBe(concurrentRequests);
      for (const [action, count] of Object.entries(counts)) expect(count, action).toBe(concurrentRequests);
      if (outcome.kind === 'serial' && outcome.chained === true) {
        expect(written.length).toBeGreaterThan(0);
        written.slice(1).forEach((entry, i) => expect(entry.before, entry.action).toEqual(written[i]?.after));
      }
    }
    await settle?.(replies);
  });

  async function auditHead(): Promise<number> {
    const row = await t.raw
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async function auditSince(seq: number) {
    const rows = await t.raw
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ action: row.action, before: parsed(row.before_json), after: parsed(row.after_json) }));
  }
});

function parsed(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function describeReply(reply: Reply): string {
  return `${reply.status} ${reply.text.slice(0, 300)}`;
}
