import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { audit, callerUserId, inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import type { LabMapping } from './contract.ts';

export type SavedMapping = LabMapping & { updatedAt: string };

/** A laboratory's saved mapping for one format, or null. */
export async function findMapping(db: Kysely<Tables>, lab: string, format: string): Promise<SavedMapping | null> {
  const row = await db
    .selectFrom('lab_mappings')
    .select(['lab', 'format', 'mapping_json', 'updated_at'])
    .where('lab', '=', lab)
    .where('format', '=', format)
    .executeTakeFirst();
  return row === undefined ? null : toMapping(row);
}

export async function listMappings(ctx: CallContext): Promise<SavedMapping[]> {
  scopeFor(ctx, 'lab.import');
  const rows = await ctx.database.kysely
    .selectFrom('lab_mappings')
    .select(['lab', 'format', 'mapping_json', 'updated_at'])
    .orderBy('lab')
    .orderBy('format')
    .execute();
  return rows.map(toMapping);
}

export function saveMapping(ctx: CallContext, mapping: LabMapping): Promise<SavedMapping> {
  return inTransaction(ctx, (trx) => storeMapping(ctx, trx, mapping));
}

/**
 * Inserts or replaces (one per laboratory and format), audited with what it replaced. A replacement locks the row
 * before reading it, so two saves at once are audited one after the other, each with what the other left.
 */
export async function storeMapping(ctx: CallContext, trx: Trx, mapping: LabMapping): Promise<SavedMapping> {
  const at = ctx.clock.now().toISOString();
  const { lab, format, ...rest } = mapping;
  const row = { mapping_json: JSON.stringify(rest), updated_by: callerUserId(ctx.caller), updated_at: at };
  const created = await trx
    .insertInto('lab_mappings')
    .values({ lab, format, ...row })
    .onConflict((conflict) => conflict.columns(['lab', 'format']).doNothing())
    .returning('id')
    .executeTakeFirst();
  let before: SavedMapping | null = null;
  if (created === undefined) {
    const mine = trx.updateTable('lab_mappings').where('lab', '=', lab).where('format', '=', format);
    await mine.set({ mapping_json: sql<string>`mapping_json` }).execute();
    before = await findMapping(trx, lab, format);
    await mine.set(row).execute();
  }
  await audit(ctx, trx, {
    siteId: null,
    action: 'lab_mapping.saved',
    entity: 'lab_mapping',
    entityId: `${lab}/${format}`,
    before: before ?? undefined,
    after: mapping,
  });
  return { ...mapping, updatedAt: at };
}

function toMapping(row: { lab: string; format: string; mapping_json: string; updated_at: string }): SavedMapping {
  const rest = JSON.parse(row.mapping_json) as Omit<LabMapping, 'lab' | 'format'>;
  return { lab: row.lab, format: row.format as LabMapping['format'], ...rest, updatedAt: row.updated_at };
}
