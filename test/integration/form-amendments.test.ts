import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../src/protocol/forms.ts';
import type { Study, StudyProtocol } from '../../src/protocol/study.ts';
import { engines } from '../support/engines.ts';
import { other } from '../support/other-protocol.ts';
import { screen, screeningBody, studySite, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A protocol amendment brings a new version of a form: a renamed label and a new item. Data entered under the
 * old version stay readable under it (the record keeps its version, even when its participant moves to the new
 * protocol); new records are entered under the new one; ids are stable, so the renamed item keeps its data.
 */
const [weekOne] = other.forms.forms as [FormDefinition];
const amended: FormDefinition = {
  ...weekOne,
  version: '2',
  groups: [
    {
      ...weekOne.groups[0]!,
      items: [
        { ...weekOne.groups[0]!.items[0]!, label: 'Body temperature (highest)' },
        { id: 'heart_rate', label: 'Heart rate', type: 'integer', unit: '/min', hardRange: { min: 20, max: 300 } },
      ],
    },
  ],
};
const v4: StudyProtocol = { ...other, version: '4', forms: { ...other.forms, forms: [amended] } };
const study: Study = { current: v4, versions: { '3': other, '4': v4 }, assays: [] };

describe.each(engines)('an amended form on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, study);
    site = await studySite(t, 'AMD');
  });
  afterAll(() => t.close());

  async function participant(protocolVersion: string): Promise<number> {
    const hospitalNumber = `AMD-${Math.random().toString().slice(2, 8)}`;
    const { screening } = await screen(site.nurse, site.siteId, screeningBody({ hospitalNumber }, { ageYears: 60 }));
    const enrolled = (
      await site.nurse
        .call('POST', `/api/screenings/${screening.id}/enrollment`, {
          identity: { name: 'A', hospitalNumber },
          consent: { type: 'later', date: '2026-03-02' },
        })
        .expect(201)
    ).json as Participant;
    // Enrolled before the amendment: what the participant's protocol version says.
    await t.raw
      .updateTable('participants')
      .set({ protocol_version: protocolVersion })
      .where('id', '=', enrolled.id)
      .execute();
    return enrolled.id;
  }
  const path = (id: number) => `/api/participants/${id}/forms/week_one/W1`;

  it('enters and reads data under the version the participant’s protocol has, and keeps it', async () => {
    const before = await participant('3');
    const refused = await site.nurse.call('PUT', path(before), {
      version: 0,
      items: { temperature_c: { value: 38.4 }, heart_rate: { value: 96 } },
    });
    expect(refused.json).toMatchObject({ error: { field: 'items.heart_rate' } });
    await site.nurse.call('PUT', path(before), { version: 0, items: { temperature_c: { value: 38.4 } } }).expect(200);

    const after = await participant('4');
    const saved = await site.nurse
      .call('PUT', path(after), { version: 0, items: { temperature_c: { value: 37.9 }, heart_rate: { value: 96 } } })
      .expect(200);
    expect(saved.json).toMatchObject({
      formVersion: '2',
      items: { temperature_c: { value: 37.9 }, heart_rate: { value: 96 } },
    });

    // The participant moves to the amended protocol: the record entered before stays version 1, readable.
    await t.raw.updateTable('participants').set({ protocol_version: '4' }).where('id', '=', before).execute();
    const old = await site.nurse.call('GET', path(before)).expect(200);
    expect(old.json).toMatchObject({ formVersion: '1', items: { temperature_c: { value: 38.4 } } });
    const list = (await site.nurse.call('GET', `/api/participants/${before}/forms`).expect(200)).json as {
      forms: { form: string; formVersion: string }[];
    };
    expect(list.forms).toContainEqual(expect.objectContaining({ form: 'week_one', formVersion: '1' }));
  });
});
