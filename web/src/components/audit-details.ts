import { roles, type Role } from '../../../src/core/permissions.ts';
import type { AuditEntry } from '../api/types.ts';
import type { Messages } from '../i18n/en.ts';

export interface DetailFormat {
  t: Messages;
  siteCode: (siteId: number | null) => string;
  dateTime: (iso: string) => string;
}

const hidden = new Set(['ip']);
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isMembership(value: unknown): value is { siteId: number | null; role: Role } {
  if (typeof value !== 'object' || value === null) return false;
  const role = (value as { role?: unknown }).role;
  return 'siteId' in value && typeof role === 'string' && (roles as readonly string[]).includes(role);
}

/** A one-line, human-readable rendering of an audit value (an object, a list of memberships, a scalar). */
export function summarize(value: unknown, format: DetailFormat): string {
  if (value === null || value === undefined) return '';
  if (isMembership(value)) return `${format.t.roles[value.role]} · ${format.siteCode(value.siteId)}`;
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((item) => summarize(item, format)).join('; ');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([key, v]) => v !== null && v !== undefined && !hidden.has(key))
      .map(([key, v]) => `${key}: ${summarize(v, format)}`)
      .join(', ');
  }
  if (typeof value === 'string') return isoDateTime.test(value) ? format.dateTime(value) : value;
  return JSON.stringify(value);
}

export function detailLines(entry: AuditEntry, format: DetailFormat): string[] {
  const { t } = format;
  const lines: string[] = [];
  const before = summarize(entry.before, format);
  const after = summarize(entry.after, format);
  if (before !== '') lines.push(`${t.audit.before}: ${before}`);
  if (after !== '') lines.push(before === '' ? after : `${t.audit.after}: ${after}`);
  if (entry.reason !== null) lines.push(`${t.audit.reason}: ${entry.reason}`);
  const ip = (entry.after as { ip?: unknown } | null)?.ip;
  if (typeof ip === 'string') lines.push(`IP ${ip}`);
  return lines;
}

export function eventLabel(action: string, t: Messages): string {
  return t.audit.events[action] ?? action;
}
