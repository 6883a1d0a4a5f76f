import type { CallContext } from '../../kernel/context.ts';
import { addPerSite, cellKey, participantThing, type SiteKey, type Tally } from './cells.ts';
import { queryAgeBuckets, type Completeness } from './contract.ts';
import { missingItems, queryAgeBucket } from './query-age.ts';
import { formRecordCounts, incompleteRecords, openQueries, type RecordRow } from './repo.ts';
import { siteList, type DashboardScope } from './scope.ts';

/**
 * Data completeness (docs/dashboards.md "Completeness"): per form, the records started and those without a
 * required item missing, counted in SQL; per item, the records whose last save found it required and empty,
 * read from those records' engine findings; open queries by age.
 */
export async function completenessDashboard(
  ctx: CallContext,
  scope: DashboardScope,
  tally: Tally,
): Promise<Completeness> {
  const counts = await formRecordCounts(scope.db);
  const itemsSeen = await tallyItemsAndQueries(scope, tally);

  const numbers = new Map<string, number>();
  const bump = (key: string, by: number) => numbers.set(key, (numbers.get(key) ?? 0) + by);
  for (const c of counts) {
    for (const site of [c.siteId, 'all'] as const) {
      bump(formCell(site, c.form, 'records'), c.records);
      bump(formCell(site, c.form, 'complete'), c.complete);
    }
  }
  const sqlCount = (cell: string) => ({ n: numbers.get(cell) ?? 0, cell });

  const definitions = ctx.study.current.forms.forms;
  const formIds = [...new Set([...definitions.map((f) => f.id), ...counts.map((c) => c.form)])];
  const sites = [...scope.siteIds, 'all' as const];
  const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
  const forms = formIds.flatMap((form) => {
    const definition = definitions.find((f) => f.id === form);
    const items = (definition?.groups ?? [])
      .flatMap((g) => g.items)
      .filter((item) => item.calculation === undefined && (item.required === true || item.requireWhen !== undefined))
      .map((item) => ({ id: item.id, label: item.label }));
    for (const extra of itemsSeen.get(form) ?? [])
      if (!items.some((i) => i.id === extra)) items.push({ id: extra, label: extra });
    return sites.map((site) => {
      const records = sqlCount(formCell(site, form, 'records'));
      const complete = sqlCount(formCell(site, form, 'complete'));
      return {
        form,
        name: definition?.label ?? form,
        siteId: site === 'all' ? null : site,
        records,
        complete,
        percent: percent(complete.n, records.n),
        items: items.map((item) => {
          const missing = tally.count(cellKey('completeness', site, 'item', form, item.id));
          return {
            item: item.id,
            label: item.label,
            expected: records,
            missing,
            percent: percent(records.n - missing.n, records.n),
          };
        }),
      };
    });
  });
  return {
    asOf: scope.now,
    sites: siteList(scope),
    forms,
    queries: sites.map((site) => ({
      siteId: site === 'all' ? null : site,
      open: tally.count(cellKey('completeness', site, 'queries', 'open')),
      byAge: queryAgeBuckets.map((bucket) => ({
        bucket,
        count: tally.count(cellKey('completeness', site, 'queries', bucket)),
      })),
    })),
  };
}

export function formCell(site: SiteKey, form: string, which: 'records' | 'complete'): string {
  return cellKey('completeness', site, 'form', form, which);
}

/**
 * Adds the missing items of every incomplete record and every open query to their cells; gives the items
 * found missing per form (an item a later form version no longer names still shows).
 */
export async function tallyItemsAndQueries(scope: DashboardScope, tally: Tally): Promise<Map<string, Set<string>>> {
  const [records, queries] = [await incompleteRecords(scope.db), await openQueries(scope.db)];
  const itemsSeen = new Map<string, Set<string>>();
  for (const record of records) tallyRecord(record, tally, itemsSeen);
  for (const q of queries) {
    const thing = participantThing(q, q.detail);
    addPerSite(tally, 'completeness', thing, 'queries', 'open');
    addPerSite(tally, 'completeness', thing, 'queries', queryAgeBucket(q.openedAt, scope.now));
  }
  return itemsSeen;
}

function tallyRecord(record: RecordRow, tally: Tally, itemsSeen: Map<string, Set<string>>): void {
  for (const item of missingItems(record.qualityJson)) {
    const seen = itemsSeen.get(record.form) ?? new Set<string>();
    seen.add(item);
    itemsSeen.set(record.form, seen);
    addPerSite(
      tally,
      'completeness',
      participantThing(record, `${record.form} ${record.slot} ${item}`),
      'item',
      record.form,
      item,
    );
  }
}
