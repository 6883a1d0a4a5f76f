import { simulatedDatasets } from '../../src/demo/model/analysis-cohort.ts';
import { runAnalysis } from '../../src/immunotype/analysis-run.ts';
import { analysisSpec } from '../../src/immunotype/spec.ts';
import { analysis } from '../../src/protocol/nct07273344/analysis.ts';
import type { TestApp } from './test-app.ts';
import type { TestClient } from './test-client.ts';
import { entries, sofaDayPath } from './form-fixtures.ts';
import { deferredConsent, enrolled, screeningBody, withToken, type Participant } from './study-fixtures.ts';
import { edtaTube, populatedBiobank, type BiobankObjects } from './sample-fixtures.ts';
import { base64, populatedLab, referenceBeads, type LabObjects } from './lab-fixtures.ts';

/**
 * What the table-driven tests (site isolation, access rules) need to call every registered route: a value for
 * each path parameter, and a valid body for each route that takes one, so that a request is refused (or not)
 * for who sends it, not for its shape. A new route or parameter fails those tests until it is added here.
 */

/** The objects of one site that routes can be aimed at. */
export interface SiteObjects extends BiobankObjects, LabObjects {
  siteId: number;
  userId: number;
  tokenId: number;
  screeningId: number;
  participantId: number;
  destructionId: number;
  /** An automatic query on the participant's SOFA-2 form of ICU day 2 (a soft finding). */
  queryId: number;
  /** A form and slot of the participant that holds data. */
  form: string;
  slot: string;
  /** A finished analysis run over this site's data only, and one of its files. */
  runId: string;
  file: string;
}

/** How to point each path parameter at a site's objects. */
export const pathParameters: Record<string, (o: SiteObjects) => number | string> = {
  siteId: (o) => o.siteId,
  userId: (o) => o.userId,
  tokenId: (o) => o.tokenId,
  screeningId: (o) => o.screeningId,
  participantId: (o) => o.participantId,
  destructionId: (o) => o.destructionId,
  queryId: (o) => o.queryId,
  form: (o) => o.form,
  slot: (o) => o.slot,
  visit: (o) => o.visit,
  freezerId: (o) => o.freezerId,
  rackId: (o) => o.rackId,
  boxId: (o) => o.boxId,
  aliquotId: (o) => o.aliquotId,
  shipmentId: (o) => o.shipmentId,
  taskId: (o) => o.taskId,
  resultId: (o) => o.resultId,
  calibrationId: (o) => o.calibrationId,
  runId: (o) => o.runId,
  file: (o) => o.file,
};

/** A valid body for each route that takes one, keyed `METHOD /path`. */
export const sampleBodies: Record<string, (me: TestClient, o: SiteObjects) => unknown> = {
  'POST /api/auth/sign-in': (me) => ({ username: me.username, password: 'not the password at all' }),
  'POST /api/auth/password': () => ({
    currentPassword: 'not the password at all',
    newPassword: 'another long password 99',
  }),
  'POST /api/auth/totp/enable': () => ({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code: '123456' }),
  'POST /api/auth/totp/disable': () => ({ password: 'not the password at all' }),
  'PATCH /api/me': () => ({ displayName: 'Renamed by a probe' }),
  'POST /api/me/tokens': () => ({ name: 'probe token' }),
  'POST /api/sites': () => ({ code: 'PRB', name: 'Probe site' }),
  'PATCH /api/sites/:siteId': () => ({ name: 'Renamed by a probe', disabled: true }),
  'POST /api/users': (_me, o) => ({
    username: 'probe-user',
    displayName: 'Probe',
    memberships: [{ siteId: o.siteId, role: 'investigator' }],
  }),
  'PATCH /api/users/:userId': () => ({ displayName: 'Renamed by a probe', disabled: true }),
  'PUT /api/users/:userId/roles': (_me, o) => ({ memberships: [{ siteId: o.siteId, role: 'monitor' }] }),
  'POST /api/sites/:siteId/screenings': () => screeningBody(),
  'POST /api/screenings/:screeningId/outcome': () => ({ outcome: 'not_approached', reason: 'probe' }),
  'POST /api/screenings/:screeningId/enrollment': () => ({
    identity: { name: 'Probe', hospitalNumber: 'PROBE-1' },
    consent: deferredConsent,
  }),
  'PUT /api/participants/:participantId/identity': () => ({ name: 'Renamed by a probe', hospitalNumber: 'B-SECRET' }),
  'POST /api/participants/:participantId/consents': () => ({
    type: 'patient',
    decision: 'refused',
    date: '2026-03-02',
  }),
  'POST /api/participants/:participantId/visits': () => ({ visit: 'D3', outcome: 'missed', missedReason: 'probe' }),
  'POST /api/participants/:participantId/events': () => ({ kind: 'death', date: '2026-03-02' }),
  'POST /api/participants/:participantId/withdrawal': () => ({
    date: '2026-03-02',
    requestedBy: 'participant',
    scope: 'destroy_data_and_samples',
  }),
  'POST /api/destructions/:destructionId/approve': () => ({ note: 'approved by a probe' }),
  'POST /api/destructions/:destructionId/reject': () => ({ note: 'rejected by a probe' }),
  'PUT /api/participants/:participantId/forms/:form/:slot': () => ({ version: 1, items: entries({ gcs: 9 }) }),
  'POST /api/participants/:participantId/forms/:form/:slot/complete': () => ({ version: 1 }),
  'POST /api/participants/:participantId/forms/:form/:slot/verify': () => ({ version: 1 }),
  'POST /api/participants/:participantId/forms/:form/:slot/sign': () => ({
    version: 1,
    password: 'not the password at all',
  }),
  'PUT /api/participants/:participantId/forms/:form/:slot/lock': () => ({ version: 1, locked: true }),
  'POST /api/participants/:participantId/forms/:form/:slot/queries': () => ({
    item: 'gcs',
    text: 'Probe: is 13 right?',
  }),
  'PUT /api/participants/:participantId/lock': () => ({ locked: true, visit: 'D3', reason: 'probe' }),
  'PUT /api/sites/:siteId/lock': () => ({ locked: true, reason: 'probe' }),
  'PUT /api/study/lock': () => ({ locked: true, reason: 'probe' }),
  'POST /api/queries/:queryId/answer': () => ({ text: 'Answered by a probe' }),
  'POST /api/queries/:queryId/close': () => ({ text: 'Closed by a probe' }),
  'POST /api/queries/:queryId/reopen': () => ({ text: 'Re-opened by a probe' }),
  'PUT /api/queries/:queryId/assignee': () => ({ userId: null }),
  'POST /api/participants/:participantId/samples/:visit': () => ({ tubes: [edtaTube(1)] }),
  'POST /api/sites/:siteId/freezers': () => ({ name: 'Probe freezer', kind: 'minus80', location: 'Probe room' }),
  'POST /api/freezers/:freezerId/racks': () => ({ name: 'Probe rack', kind: 'shelf' }),
  'POST /api/racks/:rackId/boxes': () => ({ name: 'Probe box', barcode: 'PROBE-BOX', rows: 9, columns: 9 }),
  'PUT /api/aliquots/:aliquotId/position': (_me, o) => ({ version: 1, boxId: o.boxId, position: 'I9' }),
  'POST /api/boxes/:boxId/load': (_me, o) => ({ content: `barcode;position\n${o.aliquotBarcode};H8\n` }),
  'POST /api/aliquots/:aliquotId/thaw': () => ({ version: 1 }),
  'POST /api/aliquots/:aliquotId/use': () => ({ version: 1, assay: 'Probe assay', note: 'used by a probe' }),
  'POST /api/sites/:siteId/shipments': (_me, o) => ({
    toSiteId: o.centralSiteId,
    boxIds: [o.boxId],
    courier: 'Probe courier',
    tracking: 'PROBE-1',
    temperature: 'dry ice',
  }),
  'POST /api/shipments/:shipmentId/send': () => ({ version: 0 }),
  'POST /api/analysis/runs': () => ({ seed: 1, resamples: 20 }),
  'POST /api/shipments/:shipmentId/receive': (_me, o) => ({
    version: 0,
    items: [{ aliquotId: o.aliquotId, receipt: 'damaged', note: 'probe' }],
  }),
  'POST /api/destruction-tasks/:taskId/done': () => ({ version: 0 }),
  'POST /api/assays': () => ({
    code: 'probe-assay',
    name: 'Probe assay',
    platform: 'elisa',
    sampleType: 'serum',
    analytes: [
      {
        code: 'probe',
        name: 'Probe',
        unit: 'ng/mL',
        conversions: [],
        lod: null,
        lloq: null,
        uloq: null,
        loinc: null,
        aliases: [],
      },
    ],
  }),
  'PUT /api/lab-mappings': () => ({
    lab: 'Probe lab',
    format: 'long',
    columns: { sample: 'Buis' },
    analytes: {},
    assay: null,
  }),
  'POST /api/lab-imports/preview': () => ({ format: 'long', content: base64('Sample;Analyte;Value\nX;IL-6;1\n') }),
  'POST /api/lab-imports': (_me, o) => ({
    format: 'long',
    content: base64(`Sample,Analyte,Value,Unit\n${o.aliquotBarcode},TNF,3,pg/mL\n`),
  }),
  'POST /api/lab-results/:resultId/correction': () => ({ value: 99, unit: 'pg/mL', qualifier: null, reason: 'probe' }),
  'POST /api/participants/:participantId/fhir-proposals': () => ({
    bundle: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            id: 'probe',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] },
            effectiveDateTime: '2026-03-02T06:00:00+01:00',
            valueQuantity: { value: 95, system: 'http://unitsofmeasure.org', code: '10*3/uL' },
          },
        },
      ],
    },
  }),
  'POST /api/hladr-calibrations': () => ({
    runLabel: 'probe run',
    acquiredOn: '2026-03-02',
    beadLot: 'probe lot',
    beads: referenceBeads,
    samples: [],
  }),
};

/**
 * A query for each route that is aimed at a site by its query rather than its path, keyed by path: the
 * dashboards cover one site with `?siteId=` (and the drill-down takes one of that site's cells).
 */
export const sampleQueries: Record<string, (o: SiteObjects) => Record<string, string | number>> = {
  '/api/dashboards/recruitment': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/flow': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/visits': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/completeness': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/samples': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/blood': (o) => ({ siteId: o.siteId }),
  '/api/dashboards/cells': (o) => ({ cell: `visits/${o.siteId}/${o.visit}/participants`, siteId: o.siteId }),
  '/api/exports/table': (o) => ({ table: 'form_sofa2_day', format: 'csv', siteId: o.siteId }),
  '/api/exports/codebook': (o) => ({ format: 'csv', siteId: o.siteId }),
  '/api/exports/script': (o) => ({ language: 'r', siteId: o.siteId }),
};

/** The route's URL aimed at a site's objects (its path parameters, and its sample query if it has one). */
export function urlFor(url: string, objects: SiteObjects): string {
  const path = url.replace(/:(\w+)/g, (_match, name: string) => String(pathParameters[name]?.(objects)));
  const query = sampleQueries[url]?.(objects);
  if (query === undefined) return path;
  return `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** Routes that end the caller's own session: run them last. */
export const runsLast = new Set(['POST /api/auth/sign-out']);

/** The outputs of a small run on a simulated cohort, computed once per test file. */
let fixtureOutputs: Promise<string> | undefined;
const outputsJson = () =>
  (fixtureOutputs ??= runAnalysis(
    analysis,
    { unitOf: () => 'pg/mL' },
    simulatedDatasets(30, 1),
    analysisSpec.parse({ seed: 1, kRange: [2, 2], resamples: 10 }),
    () => {},
    1,
  ).then((outputs) => JSON.stringify(outputs)));

/**
 * A finished analysis run over one site's data, stored as a run records it. Computing one needs a cohort (a
 * site of the route tests has two participants): its outputs come from a simulated one, and what the routes
 * read is the record.
 */
async function storedRun(t: TestApp, siteId: number, mark: string): Promise<string> {
  const runId = `run-20260301-120000-${siteId.toString(16).padStart(6, '0')}`;
  await t.raw
    .insertInto('analysis_runs')
    .values({
      run_key: runId,
      kind: 'discovery',
      status: 'finished',
      site_ids: JSON.stringify([siteId]),
      spec_json: JSON.stringify(analysisSpec.parse({ seed: 1 })),
      dataset_hash: null,
      software_version: 'test',
      result_json: await outputsJson(),
      error: null,
      created_by: null,
      created_by_name: `statistician ${mark}`,
      created_at: '2026-03-01T12:00:00.000Z',
      finished_at: '2026-03-01T12:00:01.000Z',
    })
    .execute();
  return runId;
}

/**
 * A site with something of everything routes can be aimed at: its coordinator (with an API token), a
 * participant, and another participant whose withdrawal waits for an investigator to approve its destruction;
 * its biobank (test/support/sample-fixtures.ts `populatedBiobank`).
 * `mark` is written into names and reasons, so a test can look for it in answers.
 */
export async function populatedSite(
  t: TestApp,
  code: string,
  mark: string,
): Promise<{ objects: SiteObjects; coordinator: TestClient }> {
  const site = (await t.admin.call('POST', '/api/sites', { code, name: `Hospital ${mark}` }).expect(201)).json as {
    id: number;
  };
  const coordinator = await t.userWith(
    [{ siteId: site.id, role: 'site_coordinator' }],
    `${code.toLowerCase()}-nurse-${mark.toLowerCase()}`,
  );
  const token = (await coordinator.call('POST', '/api/me/tokens', { name: `script ${mark}` }).expect(201)).json as {
    id: number;
  };
  const participant = await enrolled(coordinator, site.id, {
    name: `Patient ${mark}`,
    hospitalNumber: `${code}-${mark}`,
  });
  const leaving = await enrolled(coordinator, site.id);
  const withdrawn = await coordinator
    .call('POST', `/api/participants/${leaving.id}/withdrawal`, {
      date: '2026-03-02',
      requestedBy: 'participant',
      scope: 'destroy_data_and_samples',
      reason: `${mark} reason`,
    })
    .expect(201);
  const sofaDay = await coordinator
    .call('PUT', sofaDayPath(participant.id), { version: 0, items: entries({ map_mmhg: 160 }) })
    .expect(200);
  const biobank = await populatedBiobank(t, site.id, code, coordinator, participant.id);
  const lab = await withToken(await t.userWith([{ siteId: site.id, role: 'lab_technician' }]));
  const labObjects = await populatedLab(lab, participant.id, mark);
  const runId = await storedRun(t, site.id, mark);
  const objects = {
    ...biobank,
    runId,
    file: 'run.json',
    ...labObjects,
    queryId: (sofaDay.json as { queries: { id: number }[] }).queries[0]!.id,
    form: 'sofa2_day',
    slot: 'day-2',
    siteId: site.id,
    userId: coordinator.userId,
    tokenId: token.id,
    screeningId: participant.screeningId,
    participantId: participant.id,
    destructionId: (withdrawn.json as Participant).destruction!.id,
  };
  return { objects, coordinator };
}
