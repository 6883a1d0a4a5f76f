import type { Language } from '../api/types.ts';

const locales: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** In the browser's own time zone. */
export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium' }).format(new Date(iso));
}
