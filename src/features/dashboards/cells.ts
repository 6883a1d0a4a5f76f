import type { Count, DrillDownRow } from './contract.ts';

/**
 * Cell keys and the tally that counts into them. A dashboard is computed by one function that adds each
 * counted thing (a participant, a screening, a visit) to its cells; the answer keeps the numbers, the
 * drill-down keeps the rows of one cell. So the drill-down of a cell lists exactly what its number counted,
 * whatever the dashboard's rules are: the two cannot drift apart.
 *
 * A key is `<dashboard>/<site id | all>/<part>/…`: `all` is every site of the answer. Parts are protocol codes,
 * statuses and months, which hold no `/`; a part that might (a free-text reason) is URI-encoded.
 */

export const dashboards = ['recruitment', 'flow', 'visits', 'completeness', 'samples', 'blood'] as const;
export type Dashboard = (typeof dashboards)[number];

export type SiteKey = number | 'all';

export function cellKey(dashboard: Dashboard, site: SiteKey, ...parts: (string | number)[]): string {
  return [dashboard, String(site), ...parts.map((part) => encodeURIComponent(String(part)))].join('/');
}

export interface ParsedCell {
  dashboard: Dashboard;
  site: SiteKey;
  parts: string[];
}

/** The parts of a key, or null when it is not one (the drill-down refuses it). */
export function parseCell(key: string): ParsedCell | null {
  const [dashboard, site, ...rest] = key.split('/');
  if (!dashboards.includes(dashboard as Dashboard) || site === undefined || rest.length === 0) return null;
  if (site !== 'all' && !/^[1-9]\d{0,9}$/.test(site)) return null;
  try {
    return {
      dashboard: dashboard as Dashboard,
      site: site === 'all' ? 'all' : Number(site),
      parts: rest.map((part) => decodeURIComponent(part)),
    };
  } catch {
    return null;
  }
}

/** One thing counted, without its site code (the tally's owner knows the sites). */
export type Counted = Omit<DrillDownRow, 'siteCode'>;

/**
 * Counts things into cells. `count(key)` declares a cell and gives its number so far; numbers are read after
 * everything was added (the builders add first, then shape the answer).
 */
export interface Tally {
  add(key: string, thing: Counted): void;
  count(key: string): Count;
}

/** For an answer: numbers only. */
export class CountingTally implements Tally {
  private readonly numbers = new Map<string, number>();

  add(key: string): void {
    this.numbers.set(key, (this.numbers.get(key) ?? 0) + 1);
  }

  count(key: string): Count {
    return { n: this.numbers.get(key) ?? 0, cell: key };
  }
}

/** For a drill-down: the rows of one cell, and whether the dashboard has that cell at all. */
export class CollectingTally implements Tally {
  readonly rows: Counted[] = [];
  declared = false;

  constructor(private readonly wanted: string) {}

  add(key: string, thing: Counted): void {
    if (key === this.wanted) this.rows.push(thing);
  }

  count(key: string): Count {
    if (key === this.wanted) this.declared = true;
    return { n: key === this.wanted ? this.rows.length : 0, cell: key };
  }
}

/** Adds a thing to the cell of its site and to the cell of all sites (`parts` after the site). */
export function addPerSite(tally: Tally, dashboard: Dashboard, thing: Counted, ...parts: (string | number)[]): void {
  tally.add(cellKey(dashboard, thing.siteId, ...parts), thing);
  tally.add(cellKey(dashboard, 'all', ...parts), thing);
}

/** A participant as a counted thing. */
export function participantThing(
  p: { participantId: number; studyId: string; siteId: number },
  detail: string | null = null,
): Counted {
  return { participantId: p.participantId, studyId: p.studyId, siteId: p.siteId, screeningId: null, detail };
}
