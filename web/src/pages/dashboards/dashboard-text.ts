import type { Count, FlowNode } from '../../../../src/features/dashboards/contract.ts';
import type { Language, StudyProtocol } from '../../api/types.ts';
import type { Messages } from '../../i18n/en.ts';
import { formatNumber } from '../../i18n/format.ts';
import type { FlowNodeInput } from './flow-layout.ts';

/** How the dashboards' numbers, keys and links read. Pure. */

/** The drill-down page of a count; `siteId` the dashboard's scope (null: all the caller's sites). */
export function cellHref(cell: string, siteId: number | null): string {
  const query = new URLSearchParams({ cell });
  if (siteId !== null) query.set('siteId', String(siteId));
  return `/dashboards/cells?${query.toString()}`;
}

/** A whole number with the language's digit grouping. */
export function countText(n: number, language: Language): string {
  return formatNumber(n, language, 0);
}

/** A percentage with one decimal, or a dash without one. */
export function percentText(value: number | null, language: Language): string {
  return value === null ? '—' : `${formatNumber(value, language, 1)} %`;
}

/** A month (YYYY-MM) as the first instant of it, UTC (for a time axis). */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

/** "Jun 2027" / "jun 2027". */
export function monthText(month: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(monthStart(month));
}

export function visitName(protocol: StudyProtocol | undefined, code: string): string {
  return protocol?.visits.visits.find((v) => v.code === code)?.name ?? code;
}

export function sampleTypeName(protocol: StudyProtocol | undefined, code: string): string {
  return protocol?.samplePlan.sampleTypes.find((s) => s.code === code)?.name ?? code;
}

/** A flow node's label in the language, by its id (the server's English label for an id not known here). */
export function flowNodeTitle(t: Messages, node: Pick<FlowNode, 'id' | 'label'>, protocol?: StudyProtocol): string {
  const visit = /^visit:(.+)$/.exec(node.id);
  if (visit?.[1] !== undefined) return t.dashFlow.sampledAt(visitName(protocol, visit[1]));
  return t.dashFlow.nodes[node.id] ?? node.label;
}

/** A breakdown part's label by its key: an exclusion or inclusion criterion, a reason. */
export function breakdownLabel(t: Messages, part: { key: string; label: string }): string {
  const [kind, code] = part.key.includes(':') ? part.key.split(':', 2) : [null, part.key];
  if (kind === 'exclusion' && code !== undefined) return t.dashFlow.exclusions[code] ?? part.label;
  if (kind === 'inclusion' && code !== undefined) {
    const criterion = t.eligibility.inclusion[code];
    return criterion === undefined ? part.label : t.dashFlow.inclusionNotMet(criterion);
  }
  return t.dashFlow.reasonKeys[part.key] ?? part.label;
}

/** The flow's nodes, translated, for the layout. */
export function flowInputs(
  t: Messages,
  nodes: readonly FlowNode[],
  protocol: StudyProtocol | undefined,
): FlowNodeInput[] {
  return nodes.map((node) => {
    const visit = /^visit:(.+)$/.exec(node.id)?.[1];
    return {
      id: node.id,
      stage: node.stage,
      parent: node.parent,
      title: flowNodeTitle(t, node, protocol),
      count: node.count,
      breakdown: node.breakdown.map((part) => ({ key: part.key, label: breakdownLabel(t, part), count: part.count })),
      reasonsTitle:
        visit === undefined ? t.dashFlow.reasonsGeneric : t.dashFlow.reasonsTitle(visitName(protocol, visit)),
      groupTitle: /^consent_|^destroyed$/.test(node.id) ? t.dashFlow.consentGroup : t.dashFlow.reasonsGeneric,
    };
  });
}

/** The rows of all sites of an answer (`siteId` null), or of one site. */
export function rowsOf<T extends { siteId: number | null }>(rows: readonly T[], siteId: number | null): T[] {
  return rows.filter((row) => row.siteId === siteId);
}

/** The sum of counts (a total with no cell of its own: plain text). */
export function sumOf(counts: readonly Count[]): number {
  return counts.reduce((n, c) => n + c.n, 0);
}

/**
 * The rows of a table with several sites: grouped by what they are about (in the answer's order), the total
 * (`siteId` null) first, then the sites in the answer's order. With one site, only the totals.
 */
export function groupedBySite<T extends { siteId: number | null }>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  sites: readonly { id: number }[],
): T[] {
  if (sites.length <= 1) return rowsOf(rows, null);
  const order = new Map<string, number>();
  for (const row of rows) if (!order.has(keyOf(row))) order.set(keyOf(row), order.size);
  const place = (row: T) => (row.siteId === null ? -1 : sites.findIndex((s) => s.id === row.siteId));
  return [...rows].sort((a, b) => (order.get(keyOf(a)) ?? 0) - (order.get(keyOf(b)) ?? 0) || place(a) - place(b));
}
