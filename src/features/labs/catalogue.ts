import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Tables } from '../../db/tables.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import type { AnalyteDefinition, AssayDefinition, Platform } from '../../protocol/assays.ts';
import type { Study } from '../../protocol/study.ts';
import { audit, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import type { CatalogueAssay } from './catalogue-index.ts';
import type { AssayView } from './contract.ts';
import { labMessages } from './messages.ts';

/**
 * The assay catalogue in the database. The study's own assays (its protocol module) are version 1, written the
 * first time the catalogue is read; new versions come from the API and never change a stored one, so a result's
 * assay id says exactly which analytes, units and limits applied.
 */
export async function catalogue(db: Kysely<Tables>, study: Study, at: Date): Promise<CatalogueAssay[]> {
  let rows = await selectAssays(db);
  const present = new Set(rows.map((row) => row.code));
  const missing = study.assays.filter((assay) => !present.has(assay.code));
  if (missing.length > 0) {
    await db
      .insertInto('assays')
      .values(missing.map((assay) => assayRow(assay, 1, null, at)))
      .onConflict((conflict) => conflict.columns(['code', 'version']).doNothing())
      .execute();
    rows = await selectAssays(db);
  }
  return rows.map(toCatalogueAssay);
}

/** The newest version of each assay code: what imports match names against. */
export function currentVersions(assays: readonly CatalogueAssay[]): CatalogueAssay[] {
  const newest = new Map<string, CatalogueAssay>();
  for (const assay of assays) {
    const seen = newest.get(assay.code);
    if (seen === undefined || seen.version < assay.version) newest.set(assay.code, assay);
  }
  return [...newest.values()];
}

export async function listAssays(ctx: CallContext): Promise<AssayView[]> {
  const assays = await catalogue(ctx.database.kysely, ctx.study, ctx.clock.now());
  const current = new Set(currentVersions(assays).map((a) => a.id));
  const rows = await ctx.database.kysely.selectFrom('assays').select(['id', 'created_at']).execute();
  const createdAt = new Map(rows.map((r) => [Number(r.id), r.created_at]));
  return assays.map((assay) => toView(assay, current.has(assay.id), createdAt.get(assay.id) ?? ''));
}

/** A new assay (version 1) or the next version of one; an identical copy of the current version is refused. */
export async function addAssay(ctx: CallContext, definition: AssayDefinition): Promise<AssayView> {
  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const assays = await catalogue(trx, ctx.study, now);
    const previous = currentVersions(assays).find((a) => a.code === definition.code);
    if (previous !== undefined && canonicalJson(definitionOf(previous)) === canonicalJson(definition)) {
      throw new AppError('conflict', labMessages.sameAsCurrent({ code: previous.code, version: previous.version }));
    }
    const version = (previous?.version ?? 0) + 1;
    const inserted = await trx
      .insertInto('assays')
      .values(assayRow(definition, version, callerUserId(ctx.caller), now))
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = toView({ ...definition, id: Number(inserted.id), version }, true, now.toISOString());
    await audit(ctx, trx, {
      siteId: null,
      action: 'assay.added',
      entity: 'assay',
      entityId: view.id,
      before: previous === undefined ? undefined : definitionOf(previous),
      after: definition,
    });
    return view;
  });
}

function definitionOf(assay: CatalogueAssay): AssayDefinition {
  const { code, name, platform, sampleType, analytes } = assay;
  return { code, name, platform, sampleType, analytes };
}

function toView(assay: CatalogueAssay, current: boolean, createdAt: string): AssayView {
  return { ...definitionOf(assay), id: assay.id, version: assay.version, current, createdAt };
}

function selectAssays(db: Kysely<Tables>) {
  return db
    .selectFrom('assays')
    .select(['id', 'code', 'version', 'name', 'platform', 'sample_type', 'analytes_json'])
    .orderBy('code')
    .orderBy('version')
    .execute();
}

function assayRow(assay: AssayDefinition, version: number, by: number | null, at: Date) {
  return {
    code: assay.code,
    version,
    name: assay.name,
    platform: assay.platform,
    sample_type: assay.sampleType,
    analytes_json: JSON.stringify(assay.analytes),
    created_by: by,
    created_at: at.toISOString(),
  };
}

function toCatalogueAssay(row: Awaited<ReturnType<typeof selectAssays>>[number]): CatalogueAssay {
  return {
    id: Number(row.id),
    code: row.code,
    version: Number(row.version),
    name: row.name,
    platform: row.platform as Platform,
    sampleType: row.sample_type,
    analytes: JSON.parse(row.analytes_json) as AnalyteDefinition[],
  };
}
