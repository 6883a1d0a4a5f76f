import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoMark } from '../../src/features/study/public.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe.each(engines)('the demo mark on $name', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('says a real study is not a demo, to anyone (the sign-in page asks before a session exists)', async () => {
    const reply = await t.client().call('GET', '/api/study/demo').expect(200);
    expect(reply.json).toEqual({ demo: null });
  });

  it('says how a demo database was generated once the generator marked it', async () => {
    const mark = { seed: 7, patients: 40, sites: 2, asOf: '2027-06-01' };
    await writeDemoMark(t.database.kysely, mark);
    const reply = await t.client().call('GET', '/api/study/demo').expect(200);
    expect(reply.json).toEqual({ demo: mark });
  });
});
