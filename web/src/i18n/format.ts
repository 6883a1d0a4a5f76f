import type { Language } from '../api/types.ts';

const locales: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** In the browser's own time zone. */
export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as it reads, whatever the browser's zone. */
export function formatDay(date: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** An instant in the site's time zone (clinical times are read as the ward saw them). */
export function formatInZone(iso: string, zone: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
    new Date(iso),
  );
}

/** A window bound or target: a calendar date, or an instant shown in the site's zone. */
export function formatWhen(value: string, zone: string, language: Language): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, language) : formatInZone(value, zone, language);
}

/** A measured number as it reads in the language (decimal comma in Dutch), up to `digits` decimals. */
export function formatNumber(value: number, language: Language, digits = 3): string {
  return new Intl.NumberFormat(locales[language], { maximumFractionDigits: digits }).format(value);
}
