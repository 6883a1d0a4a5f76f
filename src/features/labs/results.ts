import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { auditPersonal } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { participantKey, requireParticipant } from './participant-key.ts';
import { catalogue } from './catalogue.ts';
import type { CatalogueAssay } from './catalogue-index.ts';
import { calibrationsById } from './calibrations-repo.ts';
import type { correction, ResultView } from './contract.ts';
import { labMessages } from './messages.ts';
import { canonicalValue } from './result-rules.ts';
import { resultColumns } from './results-repo.ts';

/** A stored result as read: its id, and what it was stored with. */
const readColumns = ['id', ...resultColumns] as const;

/** A participant's results: current ones (or every version), per visit and analyte, with their calibrations. */
export async function participantResults(
  ctx: CallContext,
  participantId: number,
  filter: { visit?: string | undefined; analyte?: string | undefined; history?: 'true' | 'false' | undefined },
): Promise<ResultView[]> {
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'participant.read'));
  await requireParticipant(db, participantId);
  let query = db
    .selectFrom('lab_results')
    .select(readColumns)
    .where('participant_id', '=', participantId)
    .orderBy('visit_code')
    .orderBy('analyte')
    .orderBy('result_version');
  if (filter.history !== 'true') query = query.where('current', '=', 1);
  if (filter.visit !== undefined) query = query.where('visit_code', '=', filter.visit);
  if (filter.analyte !== undefined) query = query.where('analyte', '=', filter.analyte);
  const rows = await query.execute();
  return views(ctx, rows);
}

type ResultRowRead = Awaited<ReturnType<typeof selectResult>>;

function selectResult(db: StudyDb, id: number) {
  return db.selectFrom('lab_results').select(readColumns).where('id', '=', id).executeTakeFirst();
}

async function views(ctx: CallContext, rows: NonNullable<ResultRowRead>[]): Promise<ResultView[]> {
  const assays = new Map((await catalogue(ctx.database.kysely, ctx.study, ctx.clock.now())).map((a) => [a.id, a]));
  const calibrationIds = rows.flatMap((r) => (r.calibration_id === null ? [] : [Number(r.calibration_id)]));
  const calibrations = await calibrationsById(ctx.database.kysely, calibrationIds);
  return rows.map((row) => {
    const assay = assays.get(Number(row.assay_id));
    if (assay === undefined) throw new Error(`result ${row.id}: assay ${row.assay_id} is not in the catalogue`);
    return toView(
      row,
      assay,
      row.calibration_id === null ? null : (calibrations.get(Number(row.calibration_id)) ?? null),
    );
  });
}

/** Analyte names by code, per assay version (a panel of 500 analytes is looked up thousands of times). */
const namesOf = new WeakMap<CatalogueAssay, Map<string, string>>();
function analyteNames(assay: CatalogueAssay): Map<string, string> {
  let names = namesOf.get(assay);
  if (names === undefined) {
    names = new Map(assay.analytes.map((a) => [a.code, a.name]));
    namesOf.set(assay, names);
  }
  return names;
}

function toView(
  row: NonNullable<ResultRowRead>,
  assay: CatalogueAssay,
  calibration: ResultView['calibration'],
): ResultView {
  const analyte = analyteNames(assay).get(row.analyte);
  return {
    id: Number(row.id),
    visit: row.visit_code,
    sampleBarcode: row.sample_barcode,
    sampleKind: row.aliquot_id === null ? 'tube' : 'aliquot',
    assay: { id: assay.id, code: assay.code, version: assay.version, platform: assay.platform },
    analyte: row.analyte,
    analyteName: analyte ?? row.analyte,
    value: row.value === null ? null : Number(row.value),
    unit: row.unit,
    qualifier: row.qualifier as ResultView['qualifier'],
    enteredValue: row.entered_value,
    enteredUnit: row.entered_unit,
    lod: row.lod === null ? null : Number(row.lod),
    plate: row.plate,
    qc: row.qc,
    importId: row.import_id === null ? null : Number(row.import_id),
    resultVersion: Number(row.result_version),
    current: Number(row.current) === 1,
    reason: row.reason,
    createdAt: row.created_at,
    calibration,
  };
}

/**
 * A correction is the next version of the result: the old one stays (not current), the new one carries the
 * reason, and the change is audited sealed with the participant's key. Claimed by its `current` flag, so two
 * corrections of one result at once have one winner.
 */
export async function correctResult(
  ctx: CallContext,
  resultId: number,
  change: z.infer<typeof correction>,
): Promise<ResultView> {
  const written = await inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scopeFor(ctx, 'lab.import'));
    const row = await selectResult(db, resultId);
    if (row === undefined) throw notFound('lab_result', resultId);
    if (Number(row.current) !== 1) throw new AppError('conflict', labMessages.resultReplaced());
    const assays = await catalogue(trx, ctx.study, ctx.clock.now());
    const analyte = assays.find((a) => a.id === Number(row.assay_id))?.analytes.find((a) => a.code === row.analyte);
    if (analyte === undefined) throw new Error(`result ${resultId}: analyte ${row.analyte} is not in its assay`);
    const converted = canonicalValue(analyte, change.value, change.unit);
    if ('problem' in converted) throw new AppError('invalid_input', converted.problem, { field: 'unit' });
    if (converted.value === (row.value === null ? null : Number(row.value)) && change.qualifier === row.qualifier) {
      throw new AppError('invalid_input', labMessages.nothingChanged(), { field: 'value' });
    }
    const claimed = await db
      .updateTable('lab_results')
      .set({ current: 0 })
      .where('id', '=', resultId)
      .where('current', '=', 1)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new AppError('conflict', labMessages.resultReplaced());
    await db.holdAgainstDelete('participants', [Number(row.participant_id)]);
    const at = ctx.clock.now().toISOString();
    const { id: _old, ...kept } = row;
    const inserted = await db
      .insertInto('lab_results', [
        {
          ...kept,
          value: converted.value,
          entered_value: change.value === null ? null : String(change.value),
          entered_unit: change.unit,
          qualifier: change.qualifier,
          import_id: null,
          result_version: Number(row.result_version) + 1,
          current: 1,
          reason: change.reason,
          created_by: callerUserId(ctx.caller),
          created_at: at,
        },
      ])
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditPersonal(ctx, trx, await participantKey(ctx, db, Number(row.participant_id)), {
      siteId: Number(row.site_id),
      action: 'result.corrected',
      entity: 'lab_result',
      entityId: Number(inserted.id),
      before: { id: resultId, value: row.value, unit: row.unit, qualifier: row.qualifier },
      after: { value: converted.value, unit: analyte.unit, qualifier: change.qualifier },
      reason: change.reason,
    });
    return Number(inserted.id);
  });
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'lab.import'));
  const [view] = await views(ctx, [(await selectResult(db, written))!]);
  return view!;
}
