import { sql } from 'kysely';
import { AppError, type Message } from '../../core/errors.ts';
import { compiledForm } from '../../ecrf/study.ts';
import type {
  OdmClinicalData,
  OdmFile,
  OdmFormData,
  OdmStudyEventData,
  OdmSubjectData,
} from '../../interop/odm/clinical-data.ts';
import {
  icuDayEventOid,
  parseFormOid,
  parseMetaDataVersionOid,
  slotOfEvent,
  studyOid,
} from '../../interop/odm/oids.ts';
import { parseOdm } from '../../interop/odm/parse.ts';
import { inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { crfMessages } from './messages.ts';
import { planFormSave, type OdmImportProblem } from './odm-import-form.ts';
import { findRecord, storedItemsOf } from './repo.ts';
import { saveForm } from './save.ts';
import { slotOf } from './slots.ts';

export type { OdmImportProblem } from './odm-import-form.ts';

export interface OdmImportInput {
  /** The file's bytes, as they are read. */
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** Check everything (every save is made and rolled back), store nothing. */
  dryRun: boolean;
}

export interface OdmImportReport {
  /** SubjectData, FormData and ItemData elements in the file. */
  subjects: number;
  forms: number;
  items: number;
  /** Forms whose data the import changes, and forms that already held the file's data (no save, no audit). */
  changed: number;
  unchanged: number;
  errors: OdmImportProblem[];
  /** What was read but not imported (calculated items). */
  notes: OdmImportProblem[];
  stored: boolean;
  dryRun: boolean;
}

/** Thrown inside the transaction to roll it back. */
class NothingStored extends Error {}

interface Subject {
  id: number;
  protocolVersion: string;
}

/**
 * Imports the clinical data of an ODM 1.3.2 file (a snapshot, or transactional Insert/Update/Upsert/Remove) into
 * the study's participants, through the web form's save: the same value rules, checks, calculated items, status
 * rules (a complete form needs a reason for change), automatic queries and audit trail, with audit source
 * `import`. Every form is checked and saved in one transaction; one problem anywhere rolls all of it back, and
 * the report names every problem with its XML path. Participants must exist (by SubjectKey = study id) at a site
 * where the caller may enter data.
 */
export async function importOdm(ctx: CallContext, input: OdmImportInput): Promise<OdmImportReport> {
  const importCtx: CallContext = { ...ctx, source: 'import' };
  const scope = scopeFor(importCtx, 'participant.write');
  const file = await parseOdm(input.source);
  const report: OdmImportReport = {
    ...counts(file),
    changed: 0,
    unchanged: 0,
    errors: file.problems.map((p) => ({ ...p })),
    notes: [],
    stored: false,
    dryRun: input.dryRun,
  };
  // Malformed XML (with its line and column): the file was not read to its end, nothing else to say.
  if (file.problems.some((p) => p.column !== undefined)) return report;
  checkMetadata(ctx, file, report);
  try {
    await inTransaction(importCtx, async (trx) => {
      const session = new ImportSession(importCtx, trx, studyDb(trx, scope), report);
      for (const clinical of file.clinicalData) await session.clinicalData(clinical);
      if (report.errors.length > 0 || input.dryRun) throw new NothingStored();
    });
    report.stored = true;
  } catch (error) {
    if (!(error instanceof NothingStored)) throw error;
    report.changed = report.errors.length > 0 ? 0 : report.changed;
  }
  return report;
}

function counts(file: OdmFile): Pick<OdmImportReport, 'subjects' | 'forms' | 'items'> {
  let subjects = 0;
  let forms = 0;
  let items = 0;
  for (const clinical of file.clinicalData) {
    for (const subject of clinical.subjects) {
      subjects += 1;
      for (const event of subject.studyEvents) {
        for (const form of event.forms) {
          forms += 1;
          for (const group of form.itemGroups) items += group.items.length;
        }
      }
    }
  }
  return { subjects, forms, items };
}

/** The file's metadata is not read, but the OIDs it gives must be this study's. */
function checkMetadata(ctx: CallContext, file: OdmFile, report: OdmImportReport): void {
  for (const study of file.studies) {
    if (study.oid !== studyOid(ctx.study.current.id)) {
      report.errors.push(problem(study, crfMessages.odmStudy({ given: study.oid, study: ctx.study.current.id })));
    }
    for (const version of study.metaDataVersions) {
      if (!knownVersion(ctx, version.oid)) report.errors.push(problem(version, versionMessage(ctx, version.oid)));
    }
  }
}

function knownVersion(ctx: CallContext, oid: string): boolean {
  const version = parseMetaDataVersionOid(oid);
  return version !== undefined && Object.hasOwn(ctx.study.versions, version);
}

function versionMessage(ctx: CallContext, oid: string): Message {
  const versions = Object.keys(ctx.study.versions).map((v) => `MDV.${v}`);
  return crfMessages.odmMetaDataVersion({ given: oid, versions: versions.join(', ') });
}

function problem(at: { path: string; line: number }, message: Message): OdmImportProblem {
  return { path: at.path, line: at.line, problem: message.text };
}

class ImportSession {
  private readonly subjects = new Map<string, Subject | undefined>();
  private readonly calculatedNotes = new Map<string, OdmImportProblem>();
  /** The save's context: its transactions are this one (each form in a savepoint), its audit source `import`. */
  private readonly saveCtx: CallContext;

  constructor(
    private readonly ctx: CallContext,
    private readonly trx: Trx,
    private readonly db: StudyDb,
    private readonly report: OdmImportReport,
  ) {
    const transaction = <T>(work: (t: Trx) => Promise<T>): Promise<T> => work(trx);
    this.saveCtx = { ...ctx, database: { ...ctx.database, transaction } };
  }

  /** A calculated item is noted once, with how often the file holds it: 400 participants repeat it 400 times. */
  private noteCalculated(at: { path: string; line: number; itemOid: string }): void {
    const seen = this.calculatedNotes.get(at.itemOid);
    if (seen !== undefined) seen.count = (seen.count ?? 1) + 1;
    else {
      const note = { path: at.path, line: at.line, problem: crfMessages.odmCalculated().text, count: 1 };
      this.calculatedNotes.set(at.itemOid, note);
      this.report.notes.push(note);
    }
  }

  private error(at: { path: string; line: number }, message: Message | string): void {
    this.report.errors.push({
      path: at.path,
      line: at.line,
      problem: typeof message === 'string' ? message : message.text,
    });
  }

  async clinicalData(clinical: OdmClinicalData): Promise<void> {
    const registry = this.ctx.study.current.id;
    let usable = true;
    if (clinical.studyOid !== '' && clinical.studyOid !== studyOid(registry)) {
      this.error(clinical, crfMessages.odmStudy({ given: clinical.studyOid, study: registry }));
      usable = false;
    }
    if (clinical.metaDataVersionOid !== '' && !knownVersion(this.ctx, clinical.metaDataVersionOid)) {
      this.error(clinical, versionMessage(this.ctx, clinical.metaDataVersionOid));
      usable = false;
    }
    if (!usable) return;
    for (const subject of clinical.subjects) await this.subjectData(subject);
  }

  private async subjectData(data: OdmSubjectData): Promise<void> {
    if (data.subjectKey === '') return;
    if (data.transactionType === 'Remove') {
      this.error(data, crfMessages.odmRemoveNotSupported({ element: 'SubjectData' }));
      return;
    }
    const subject = await this.subject(data.subjectKey);
    if (subject === undefined) {
      this.error(data, crfMessages.odmUnknownSubject({ subject: data.subjectKey }));
      return;
    }
    for (const event of data.studyEvents) await this.studyEventData(subject, data, event);
  }

  private async subject(key: string): Promise<Subject | undefined> {
    if (this.subjects.has(key)) return this.subjects.get(key);
    // Scoped: a participant of a site where the caller may not enter data is as unknown as one that does not exist.
    const row = await this.db
      .selectFrom('participants')
      .select(['id', 'protocol_version'])
      .where('study_id', '=', key)
      .executeTakeFirst();
    const subject = row === undefined ? undefined : { id: Number(row.id), protocolVersion: row.protocol_version };
    this.subjects.set(key, subject);
    return subject;
  }

  private async studyEventData(subject: Subject, parent: OdmSubjectData, event: OdmStudyEventData): Promise<void> {
    if (event.studyEventOid === '') return;
    if (event.transactionType === 'Remove') {
      this.error(event, crfMessages.odmRemoveNotSupported({ element: 'StudyEventData' }));
      return;
    }
    const repeatKey = event.repeatKey ?? undefined;
    const repeats = event.studyEventOid === icuDayEventOid;
    const slot =
      !repeats && repeatKey !== undefined && repeatKey !== '1'
        ? undefined
        : slotOfEvent(event.studyEventOid, repeats ? repeatKey : undefined);
    if (slot === undefined) {
      this.error(event, crfMessages.odmUnknownEvent({ oid: event.studyEventOid }));
      return;
    }
    const inherited = event.transactionType ?? parent.transactionType;
    for (const form of event.forms) await this.formData(subject, slot, inherited, form);
  }

  private async formData(
    subject: Subject,
    slot: string,
    inherited: OdmFormData['transactionType'],
    data: OdmFormData,
  ): Promise<void> {
    if (data.formOid === '') return;
    if (data.transactionType === 'Remove') {
      this.error(data, crfMessages.odmRemoveNotSupported({ element: 'FormData' }));
      return;
    }
    if (data.formRepeatKey !== null && data.formRepeatKey !== '1') {
      this.error(data, crfMessages.odmFormRepeat());
      return;
    }
    const oid = parseFormOid(data.formOid);
    const protocol = protocolVersion(this.ctx.study, subject.protocolVersion);
    if (oid === undefined || !protocol.forms.forms.some((f) => f.id === oid.formId)) {
      this.error(data, crfMessages.odmUnknownForm({ oid: data.formOid }));
      return;
    }
    try {
      slotOf(protocol, oid.formId, slot);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.error(data, error.message);
      return;
    }
    const record = await findRecord(this.db, subject.id, oid.formId, slot);
    const form = compiledForm(this.ctx.study, subject.protocolVersion, oid.formId, record?.form_version);
    if (form === undefined) throw new Error(`form ${oid.formId}@${record?.form_version ?? '(current)'} is not defined`);
    if (oid.formVersion !== form.definition.version) {
      this.error(data, crfMessages.odmFormVersion({ given: oid.formVersion, used: form.definition.version }));
      return;
    }
    const stored = record === undefined ? new Map() : await storedItemsOf(this.db, Number(record.id));
    const plan = planFormSave(form, data, stored, inherited, record !== undefined);
    for (const item of plan.calculated) this.noteCalculated(item);
    if (plan.errors.length > 0 || plan.save === undefined) {
      this.report.errors.push(...plan.errors);
      return;
    }
    if (plan.unchanged) {
      this.report.unchanged += 1;
      return;
    }
    // Each form in a savepoint: a refused save leaves nothing behind, and the other forms are still checked.
    await sql`savepoint odm_form`.execute(this.trx);
    try {
      await saveForm(
        this.saveCtx,
        { participantId: subject.id, form: oid.formId, slot },
        { ...plan.save, version: record === undefined ? 0 : Number(record.version) },
      );
      await sql`release savepoint odm_form`.execute(this.trx);
      this.report.changed += 1;
    } catch (error) {
      await sql`rollback to savepoint odm_form`.execute(this.trx);
      await sql`release savepoint odm_form`.execute(this.trx);
      if (!(error instanceof AppError)) throw error;
      const at = (error.field === undefined ? undefined : plan.pathOf.get(error.field)) ?? data;
      this.report.errors.push({ path: at.path, line: at.line, problem: error.message });
    }
  }
}
