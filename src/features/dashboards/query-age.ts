import { DateTime } from 'luxon';
import type { QueryAgeBucket } from './contract.ts';

/**
 * How long a query has been open, in whole days from its opening to now: under 7 days, 7 to 30 days
 * (both included), over 30 days. A monitor chases the last group first. Pure.
 */
export function queryAgeBucket(openedAt: string, now: string): QueryAgeBucket {
  const days = Math.floor(DateTime.fromISO(now).diff(DateTime.fromISO(openedAt), 'days').days);
  if (days < 7) return 'under_7_days';
  return days <= 30 ? 'days_7_to_30' : 'over_30_days';
}

/** The item a key of the form engine names: `id`, or `group[row].id` in a repeating group. */
export function itemOfKey(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot === -1 ? key : key.slice(dot + 1);
}

/** The distinct items a record's last save found required and empty (its `quality_json`). */
export function missingItems(qualityJson: string): string[] {
  const quality = JSON.parse(qualityJson) as { missingRequired?: unknown };
  const keys = Array.isArray(quality.missingRequired) ? quality.missingRequired : [];
  return [...new Set(keys.filter((k): k is string => typeof k === 'string').map(itemOfKey))];
}
