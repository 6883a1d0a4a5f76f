import type { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import type { CallContext } from '../../kernel/context.ts';
import { bloodDashboard } from './blood.ts';
import { CollectingTally, parseCell, participantThing, type Counted, type ParsedCell } from './cells.ts';
import { completenessDashboard } from './completeness.ts';
import { aliquotStatuses, type DrillDown, type drillDownQuery } from './contract.ts';
import { flowDashboard } from './flow.ts';
import { dashboardMessages } from './messages.ts';
import { recruitmentDashboard } from './recruitment.ts';
import { aliquotRows, aliquotsInFreezer, formRecords } from './repo.ts';
import { requireAtSite } from '../../kernel/scope.ts';
import { dashboardAction, dashboardScope, withSiteCode, type DashboardScope } from './scope.ts';
import { visitsDashboard } from './visits.ts';

/**
 * The rows behind one count of an answer (asked with the same `siteId` as the answer). Counts made by a tally
 * (cells.ts) are recomputed over the answer's sites with a tally that keeps the rows of that cell, so the rows
 * are by construction what was counted (the same computation, not a second query that could drift); counts
 * made in SQL (form records, aliquots, freezers) are read back with the same filters.
 */
export async function drillDownCell(ctx: CallContext, query: z.output<typeof drillDownQuery>): Promise<DrillDown> {
  const parsed = parseCell(query.cell);
  const unknown = () => new InputError('cell', dashboardMessages.unknownCell());
  if (parsed === null) throw unknown();
  // A cell of a site outside the caller's reach is "not found"; one of a site outside this answer is no cell of it.
  if (parsed.site !== 'all') requireAtSite(ctx, dashboardAction, parsed.site);
  const scope = await dashboardScope(ctx, query.siteId);
  if (parsed.site !== 'all' && !scope.siteIds.includes(parsed.site)) throw unknown();
  const counted = await fromSql(scope, parsed);
  const rows = counted === undefined ? await fromTally(ctx, scope, parsed, query.cell) : counted;
  if (rows === null) throw unknown();
  return { cell: query.cell, rows: withSiteCode(scope, rows) };
}

async function fromTally(
  ctx: CallContext,
  scope: DashboardScope,
  parsed: ParsedCell,
  cell: string,
): Promise<Counted[] | null> {
  const tally = new CollectingTally(cell);
  switch (parsed.dashboard) {
    case 'recruitment':
      await recruitmentDashboard(scope, ctx.study.current.recruitmentTarget, tally);
      break;
    case 'flow':
      await flowDashboard(ctx, scope, tally);
      break;
    case 'visits':
      await visitsDashboard(ctx, scope, tally);
      break;
    case 'completeness':
      await completenessDashboard(ctx, scope, tally);
      break;
    case 'blood':
      await bloodDashboard(ctx, scope, tally);
      break;
    case 'samples':
      return null;
  }
  return tally.declared ? tally.rows : null;
}

/** The cells counted in SQL; undefined for the others. null: not a cell. */
async function fromSql(scope: DashboardScope, parsed: ParsedCell): Promise<Counted[] | null | undefined> {
  const siteId = parsed.site === 'all' ? null : parsed.site;
  const [kind, ...rest] = parsed.parts;
  if (parsed.dashboard === 'completeness' && kind === 'form') {
    const [form, which] = rest;
    if (form === undefined || (which !== 'records' && which !== 'complete') || rest.length !== 2) return null;
    const records = await formRecords(scope.db, { siteId, form, complete: which === 'complete' ? true : null });
    return records.map((r) => participantThing(r, `${r.form} ${r.slot}`));
  }
  if (parsed.dashboard !== 'samples') return undefined;
  if (kind === 'aliquots') {
    const [visit, sampleType, status] = rest;
    if (visit === undefined || sampleType === undefined || status === undefined || rest.length !== 3) return null;
    if (status !== 'total' && !(aliquotStatuses as readonly string[]).includes(status)) return null;
    return aliquotRows(scope.db, { siteId, visit, sampleType, status: status === 'total' ? null : status });
  }
  if (kind === 'freezer' && parsed.site === 'all') {
    const [freezer, which] = rest;
    if (freezer === undefined || !/^[1-9]\d{0,9}$/.test(freezer) || which !== 'used' || rest.length !== 2) return null;
    return aliquotsInFreezer(scope.db, Number(freezer));
  }
  return null;
}
