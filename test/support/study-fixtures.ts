import type { TestApp } from './test-app.ts';
import type { TestClient } from './test-client.ts';

/**
 * Building blocks for tests of the participant lifecycle: a site with its staff, and patients screened and
 * enrolled through the API. The test app's clock starts at 2026-03-02T09:00Z (10:00 in Amsterdam).
 */
export interface StudySite {
  siteId: number;
  code: string;
  nurse: TestClient;
  investigator: TestClient;
}

let sites = 0;

export async function studySite(t: TestApp, code = `S${++sites}${Date.now() % 1000}`): Promise<StudySite> {
  const site = (await t.admin.call('POST', '/api/sites', { code, name: `Hospital ${code}` }).expect(201)).json as {
    id: number;
    code: string;
  };
  const nurse = await withToken(await t.userWith([{ siteId: site.id, role: 'site_coordinator' }]));
  const investigator = await withToken(await t.userWith([{ siteId: site.id, role: 'investigator' }]));
  return { siteId: site.id, code: site.code, nurse, investigator };
}

/** Staff work through API tokens here, which do not expire when a test moves the clock by days. */
export async function withToken(client: TestClient): Promise<TestClient> {
  const token = await client.call('POST', '/api/me/tokens', { name: 'test' }).expect(201);
  return client.useToken((token.json as { token: string }).token);
}

export const eligibleAnswers = {
  ageYears: 64,
  infection: 'suspected',
  admissionType: 'new',
  sofa2Total: 5,
  neutropenia: false,
  cd4Below400: false,
  primaryImmunodeficiency: false,
  biologics: false,
  solidOrganTransplant: false,
  allogeneicBmt: false,
  corticosteroids: [],
};

export function screeningBody(overrides: Record<string, unknown> = {}, answers: Record<string, unknown> = {}) {
  return {
    screenedOn: '2026-03-02',
    icuAdmissionAt: '2026-03-01T22:00:00+01:00',
    setting: 'icu',
    sex: 'female',
    hospitalNumber: `HN${Math.random().toString().slice(2, 10)}`,
    eligibility: { ...eligibleAnswers, ...answers },
    ...overrides,
  };
}

export interface Screened {
  screening: {
    id: number;
    outcome: string;
    eligibility: { eligible: boolean; inclusionFailed: string[]; exclusionsMet: string[] };
  };
  earlierScreenings: { id: number; outcome: string; studyId: string | null }[];
}

export async function screen(client: TestClient, siteId: number, body: unknown): Promise<Screened> {
  return (await client.call('POST', `/api/sites/${siteId}/screenings`, body).expect(201)).json as Screened;
}

export const deferredConsent = { type: 'deferred', date: '2026-03-02' };

export interface Participant {
  id: number;
  screeningId: number;
  studyId: string;
  state: string;
  consent: { status: string; dueOn: string | null };
  visits: {
    visit: string;
    status: string;
    earliest: string | null;
    latest: string | null;
    target: string | null;
    applicable: boolean;
    record: { recordedBy: string | null; bloodVolumeMl: number | null } | null;
  }[];
  deviations: { kind: string; visit: string | null; description: string }[];
  destructionPending: boolean;
  destruction: { id: number; status: string } | null;
}

/** Screens an eligible patient and enrolls them under deferred consent. */
export async function enrolled(
  client: TestClient,
  siteId: number,
  options: { hospitalNumber?: string; name?: string; screening?: Record<string, unknown>; consentDate?: string } = {},
): Promise<Participant> {
  const hospitalNumber = options.hospitalNumber ?? `HN${Math.random().toString().slice(2, 10)}`;
  const { screening } = await screen(client, siteId, screeningBody({ hospitalNumber, ...options.screening }));
  const reply = await client
    .call('POST', `/api/screenings/${screening.id}/enrollment`, {
      identity: {
        name: options.name ?? 'Jan Jansen',
        hospitalNumber,
        dateOfBirth: '1961-05-04',
        phone: '+31 6 1234 5678',
      },
      consent: { ...deferredConsent, ...(options.consentDate === undefined ? {} : { date: options.consentDate }) },
    })
    .expect(201);
  return reply.json as Participant;
}

export const statusOf = (participant: Participant, visit: string) =>
  participant.visits.find((v) => v.visit === visit)?.status;
