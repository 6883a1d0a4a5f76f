import dayjs from 'dayjs';
import 'dayjs/locale/nl';

/**
 * How date pickers show their value (dayjs formats, month names from the chosen language): "6 dec 2026" in
 * Dutch, "6 Dec 2026" in English. The month is a word because 12/06/2026 reads as 6 December in a Dutch
 * hospital and as 12 June on an American-configured browser: with a word nobody has to guess.
 */
export const dateDisplayFormat = 'D MMM YYYY';
export const dateTimeDisplayFormat = 'D MMM YYYY HH:mm';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Month names in both languages, lower case: whichever language the screen is in, someone may type the
 * other (a Dutch nurse on the English screen typing "6 mrt 2026").
 */
const monthNames: [name: string, month: number][] = ['en', 'nl'].flatMap((locale) =>
  Array.from({ length: 12 }, (_, i) => i).flatMap((month): [string, number][] => {
    const date = dayjs(new Date(2000, month, 1)).locale(locale);
    return [
      [date.format('MMMM').toLowerCase(), month + 1],
      [date.format('MMM').toLowerCase(), month + 1],
    ];
  }),
);

/** A month typed as a word: a full or short name, or the start of one ("sept", "maa"); null if none fits. */
function monthOf(word: string): number | null {
  const exact = monthNames.find(([name]) => name === word);
  if (exact !== undefined) return exact[1];
  if (word.length < 3) return null;
  const months = new Set(monthNames.filter(([name]) => name.startsWith(word)).map(([, month]) => month));
  return months.size === 1 ? [...months][0]! : null;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a date that does not round-trip does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * A typed calendar date as YYYY-MM-DD, or null while it is not (yet) a whole date. Accepts the display
 * format in either language ("6 dec 2026", "6 Dec. 2026", "6 december 2026", "Dec 6, 2026"), ISO
 * ("2026-12-06") and day-first numbers ("6-12-2026", "6/12/2026", "6.12.2026") as written in the
 * Netherlands. Years need four digits: with two, a date of birth would be a guess.
 */
export function parseDateText(text: string): string | null {
  const value = text.trim().toLowerCase();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso !== null) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (numeric !== null) return isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const words = value.replace(/[.,]/g, ' ').replace(/\s+/g, ' ');
  const dayFirst = /^(\d{1,2}) ?-?(\p{L}+)-? ?(\d{4})$/u.exec(words);
  if (dayFirst !== null) {
    const month = monthOf(dayFirst[2]!);
    return month === null ? null : isoDate(Number(dayFirst[3]), month, Number(dayFirst[1]));
  }
  const monthFirst = /^(\p{L}+) (\d{1,2}) (\d{4})$/u.exec(words);
  if (monthFirst !== null) {
    const month = monthOf(monthFirst[1]!);
    return month === null ? null : isoDate(Number(monthFirst[3]), month, Number(monthFirst[2]));
  }
  return null;
}

/**
 * The forms keep date-times as the browser's datetime-local inputs did, "YYYY-MM-DDTHH:mm" (wall-clock time
 * at the site, see site-time.ts); Mantine's pickers take and give "YYYY-MM-DD HH:mm:ss". '' is empty.
 */
export function localInputToPicker(local: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local);
  return match === null ? null : `${match[1]} ${match[2]}:00`;
}

export function pickerToLocalInput(picked: string | null): string {
  const match = picked === null ? null : /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(picked);
  return match === null ? '' : `${match[1]}T${match[2]}`;
}
