import type { Kysely } from 'kysely';
import { version as softwareVersion } from '../../core/version.ts';
import { notFound } from '../../core/messages.ts';
import type { Tables } from '../../db/tables.ts';
import { studyForms } from '../../ecrf/study.ts';
import { adminDataElement, protocolVersions, signatureDefOids, studyElement } from '../../interop/odm/metadata.ts';
import { metaDataVersionOid, odmNamespace, odmVersion, septypeNamespace, studyOid } from '../../interop/odm/oids.ts';
import { subjectElement, type OdmFormRecord, type OdmSubject } from '../../interop/odm/subject-data.ts';
import { endTag, render, startTag, xmlDeclaration } from '../../interop/odm/xml.ts';
import type { OdmQuery, OdmSample } from '../../interop/odm/extensions.ts';
import type { CallContext } from '../../kernel/context.ts';
import { openPayloads } from '../../kernel/personal-keys.ts';
import { scopeFor, type SiteScope } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { listSites } from '../sites/public.ts';
import {
  itemsOf,
  operatorActors,
  participantBatch,
  queriesOf,
  recordAudit,
  recordsOf,
  samplesOf,
  signatureMeanings,
  usersOf,
  type ParticipantRow,
} from './odm-repo.ts';

/**
 * The CDISC ODM 1.3.2 export (issue 15 §1; docs/odm.md): metadata from the protocol, AdminData, and the clinical
 * data of the caller's sites, written in chunks to `write` while participants are read 200 at a time, so that the
 * document is never held whole. A snapshot holds the current values; with `withAudit` the file is transactional,
 * every item change of the audit trail with who, when, where and why. Identifying data are never read.
 */

export interface OdmExportOptions {
  /** One site's participants (and Location) only; null: every site the caller may read. */
  siteId: number | null;
  metadataOnly: boolean;
  withAudit: boolean;
  /** septype's vendor extension: visit windows, queries, samples (standards/septype-odm/). */
  withExtensions: boolean;
}

export interface OdmExportSummary {
  fileType: 'Snapshot' | 'Transactional';
  subjects: number;
  forms: number;
  items: number;
  /** Study ids of participants whose audit history could not be read (their data key was destroyed). */
  historyAbsent: string[];
}

/** Receives the document piece by piece; the promise resolves when the piece may be followed by the next. */
export type OdmSink = (chunk: string) => Promise<void>;

const batchSize = 200;
/** Rendered text collected before it is handed on. */
const flushAt = 256 * 1024;

export async function writeOdmExport(
  ctx: CallContext,
  options: OdmExportOptions,
  write: OdmSink,
): Promise<OdmExportSummary> {
  const scope = scopeFor(ctx, 'research_data.read');
  if (options.siteId !== null && !scope.includes(options.siteId)) throw notFound('site', options.siteId);
  return readConsistently(ctx, (db) => writeDocument(ctx, db, scope, options, write));
}

/**
 * PostgreSQL reads the whole export from one snapshot (repeatable read, read only). SQLite transactions here take
 * the write lock (`begin immediate`), which would stop data entry for the length of an export: there each batch
 * reads the data as they are at that moment.
 */
function readConsistently<T>(ctx: CallContext, work: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
  if (ctx.database.dialect !== 'postgres') return work(ctx.database.kysely);
  return ctx.database.kysely
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(work);
}

async function writeDocument(
  ctx: CallContext,
  db: Kysely<Tables>,
  scope: SiteScope,
  options: OdmExportOptions,
  write: OdmSink,
): Promise<OdmExportSummary> {
  const study = ctx.study;
  const forms = studyForms(study);
  const scoped = studyDb(db, scope);
  const sites = (await listSites(db, scope.siteIds)).filter((s) => options.siteId === null || s.id === options.siteId);
  const siteCodes = new Map(sites.map((s) => [s.id, s.code]));
  const users = await usersOf(db);
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  const operators = (await operatorActors(db)).filter((actor) => !users.some((u) => u.username === actor));
  if (!operators.includes('system')) operators.push('system');
  const meanings = await signatureMeanings(scoped);
  const transactional = options.withAudit && !options.metadataOnly;
  const fileType = transactional ? 'Transactional' : 'Snapshot';
  const now = ctx.clock.now().toISOString();

  let buffer = '';
  const emit = async (text: string) => {
    buffer += text;
    if (buffer.length >= flushAt) {
      const chunk = buffer;
      buffer = '';
      await write(chunk);
    }
  };

  await emit(xmlDeclaration);
  await emit(
    `${startTag('ODM', {
      xmlns: odmNamespace,
      'xmlns:septype': options.withExtensions ? septypeNamespace : undefined,
      FileType: fileType,
      Granularity: options.metadataOnly ? undefined : options.siteId !== null ? 'SingleSite' : undefined,
      FileOID: `SEPTYPE.${study.current.id}.${now.replace(/[^0-9]/g, '').slice(0, 17)}`,
      CreationDateTime: now,
      ODMVersion: odmVersion,
      Originator: 'septype',
      SourceSystem: 'septype',
      SourceSystemVersion: softwareVersion,
    })}\n`,
  );
  await emit(render(studyElement({ study, forms, extensions: options.withExtensions }), 1));
  await emit(
    render(
      adminDataElement({
        study,
        users: [
          ...users.map((u) => ({ username: u.username, displayName: u.displayName })),
          ...operators.map((actor) => ({ username: actor, displayName: actorName(actor) })),
        ],
        sites: sites.map((s) => ({ code: s.code, name: s.name, createdAt: s.createdAt })),
        signatureMeanings: meanings,
      }),
      1,
    ),
  );

  const summary: OdmExportSummary = { fileType, subjects: 0, forms: 0, items: 0, historyAbsent: [] };
  if (!options.metadataOnly) {
    const clinical = {
      study,
      transactional,
      extensions: options.withExtensions,
      signatureOids: signatureDefOids(meanings),
    };
    const usernameOf = (userId: number | null, actor: string) =>
      userId === null ? actor : (usernames.get(userId) ?? actor);
    for (const protocol of protocolVersions(study)) {
      await emit(
        `  ${startTag('ClinicalData', { StudyOID: studyOid(study.current.id), MetaDataVersionOID: metaDataVersionOid(protocol.version) })}\n`,
      );
      let afterId = 0;
      for (;;) {
        const batch = await participantBatch(scoped, {
          protocolVersion: protocol.version,
          siteId: options.siteId,
          afterId,
          limit: batchSize,
        });
        if (batch.length === 0) break;
        afterId = batch.at(-1)!.id;
        const subjects = await subjectsOf(ctx, db, scoped, batch, { ...options, transactional }, usernameOf);
        for (const subject of subjects) {
          const siteCode = siteCodes.get(subject.siteId);
          if (siteCode === undefined) continue;
          const out = subjectElement({ ...subject, siteCode }, clinical);
          await emit(render(out.element, 2));
          summary.subjects += 1;
          summary.forms += out.forms;
          summary.items += out.items;
          if (out.historyAbsent) summary.historyAbsent.push(subject.studyId);
        }
      }
      await emit(`  ${endTag('ClinicalData')}\n`);
    }
  }
  await emit(`${endTag('ODM')}\n`);
  if (buffer !== '') await write(buffer);
  return summary;
}

function actorName(actor: string): string {
  if (actor === 'system') return 'septype (calculations and automatic checks)';
  if (actor.startsWith('cli:')) return `Command line, operator ${actor.slice(4)}`;
  return actor;
}

type UsernameOf = (userId: number | null, actor: string) => string;

/** One batch of participants with their records, values and, as asked, history, queries and samples. */
async function subjectsOf(
  ctx: CallContext,
  db: Kysely<Tables>,
  scoped: StudyDb,
  batch: readonly ParticipantRow[],
  options: OdmExportOptions & { transactional: boolean },
  usernameOf: UsernameOf,
): Promise<(Omit<OdmSubject, 'siteCode'> & { siteId: number })[]> {
  const ids = batch.map((p) => p.id);
  const records = await recordsOf(scoped, ids);
  const recordIds = records.map((r) => r.id);
  const formRecords = new Map<number, OdmFormRecord & { items: OdmFormRecord['items'][number][] }>();
  for (const r of records) {
    formRecords.set(r.id, {
      formId: r.formId,
      formVersion: r.formVersion,
      slot: r.slot,
      items: [],
      signature:
        r.signedAt === null
          ? null
          : {
              username:
                r.signedBy === null ? (r.signedByName ?? 'system') : usernameOf(r.signedBy, r.signedByName ?? ''),
              at: r.signedAt,
              meaning: r.signatureMeaning ?? '',
            },
    });
  }
  if (!options.transactional) {
    for (const item of await itemsOf(scoped, ids)) {
      formRecords.get(item.recordId)?.items.push(item);
    }
  } else {
    const audit = await recordAudit(db, recordIds);
    const payloads = await openPayloads(
      ctx,
      scoped,
      audit.flatMap((a) => [parse(a.beforeJson), parse(a.afterJson)]),
    );
    const history = new Map<number, NonNullable<OdmFormRecord['history']>[number][]>();
    audit.forEach((a, i) => {
      const list = history.get(a.recordId) ?? [];
      list.push({
        seq: a.seq,
        at: a.at,
        username: usernameOf(a.userId, a.actor),
        reason: a.reason,
        source: a.source,
        before: payloads[2 * i],
        after: payloads[2 * i + 1],
      });
      history.set(a.recordId, list);
    });
    for (const [id, record] of formRecords) record.history = history.get(id) ?? [];
  }
  const samplesByParticipant = new Map<number, OdmSample[]>();
  if (options.withExtensions) {
    for (const q of await queriesOf(scoped, ids)) {
      const record = formRecords.get(q.recordId);
      if (record === undefined) continue;
      const query: OdmQuery = {
        ...q,
        messages: q.messages.map((m) => ({ ...m, username: usernameOf(m.userId, m.actor) })),
      };
      record.queries = [...(record.queries ?? []), query];
    }
    const { tubes, aliquots } = await samplesOf(scoped, ids);
    const aliquotsOfTube = new Map<number, typeof aliquots>();
    for (const aliquot of aliquots) {
      const list = aliquotsOfTube.get(aliquot.tubeId) ?? [];
      list.push(aliquot);
      aliquotsOfTube.set(aliquot.tubeId, list);
    }
    for (const tube of tubes) {
      const list = samplesByParticipant.get(tube.participantId) ?? [];
      list.push({
        barcode: tube.barcode,
        visit: tube.visit,
        tubeType: tube.tubeType,
        status: tube.status,
        drawnAt: tube.drawnAt,
        aliquots: (aliquotsOfTube.get(tube.id) ?? []).map((a) => ({
          barcode: a.barcode,
          sampleType: a.sampleType,
          volumeMicroliters: a.volumeUl,
          status: a.status,
          position: positionOf(a),
        })),
      });
      samplesByParticipant.set(tube.participantId, list);
    }
  }
  const byParticipant = new Map<number, OdmFormRecord[]>();
  for (const r of records) {
    const list = byParticipant.get(r.participantId) ?? [];
    list.push(formRecords.get(r.id)!);
    byParticipant.set(r.participantId, list);
  }
  return batch.map((p) => ({
    studyId: p.studyId,
    siteId: p.siteId,
    protocolVersion: p.protocolVersion,
    records: byParticipant.get(p.id) ?? [],
    samples: samplesByParticipant.get(p.id),
  }));
}

function parse(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}

/** Freezer / rack / box / row-column, as far as the aliquot is placed. */
function positionOf(a: {
  freezer: string | null;
  rack: string | null;
  box: string | null;
  boxRow: number | null;
  boxColumn: number | null;
}): string | null {
  if (a.box === null) return null;
  const place = a.boxRow === null || a.boxColumn === null ? [] : [`${a.boxRow},${a.boxColumn}`];
  return [a.freezer, a.rack, a.box, ...place].filter((p) => p !== null).join(' / ');
}
