import { DateInput, DateTimePicker, type DateInputProps, type DateTimePickerProps } from '@mantine/dates';
import {
  dateDisplayFormat,
  dateTimeDisplayFormat,
  localInputToPicker,
  parseDateText,
  pickerToLocalInput,
} from '../i18n/date-text.ts';
import { useLanguage, useT } from '../i18n/language.tsx';

/**
 * Every date and date-time field of the app. Native `type="date"` inputs follow the browser's locale (an
 * English browser shows 12/06/2026 for 6 December); these follow the app's language and show the month as a
 * word. Both take and give the strings the forms already hold, so `form.getInputProps` works unchanged.
 */

function useCalendarProps() {
  const d = useT().dates;
  const { language } = useLanguage();
  return {
    // Also set by DatesLanguageProvider, but the month select in the calendar's header reads only this prop.
    locale: language,
    // The calendar's arrows are icons only: without these a screen reader announces unnamed buttons.
    ariaLabels: {
      previousMonth: d.previousMonth,
      nextMonth: d.nextMonth,
      previousYear: d.previousYear,
      nextYear: d.nextYear,
      previousDecade: d.previousDecade,
      nextDecade: d.nextDecade,
      monthLevelControl: d.monthAndYear,
      yearLevelControl: d.year,
    },
    clearButtonProps: { 'aria-label': d.clear },
    // Month and year as selects: a date of birth sixty years back is two choices, not sixty clicks.
    withNativeLevelSelect: true,
  };
}

/** `value` is optional only because `form.getInputProps` types it so; undefined reads as empty. */
interface StringValue {
  value?: string;
  onChange: (value: string) => void;
}

export type DateFieldProps = Omit<
  DateInputProps,
  'value' | 'defaultValue' | 'onChange' | 'valueFormat' | 'dateParser'
> &
  StringValue;

/**
 * A calendar date, 'YYYY-MM-DD' ('' when empty): typed ("6 dec 2026", "2026-12-06", "6-12-2026") or picked
 * from the calendar. Not clearable when required: wiping the text then keeps the last date.
 */
export function DateField({ value, onChange, required, clearable, ...props }: DateFieldProps) {
  return (
    <DateInput
      valueFormat={dateDisplayFormat}
      dateParser={parseDateText}
      {...useCalendarProps()}
      required={required}
      clearable={clearable ?? required !== true}
      {...props}
      value={value === undefined || value === '' ? null : value}
      onChange={(next) => onChange(next ?? '')}
    />
  );
}

export type DateTimeFieldProps = Omit<
  DateTimePickerProps,
  'type' | 'value' | 'defaultValue' | 'onChange' | 'valueFormat' | 'submitButtonProps'
> &
  StringValue;

/**
 * A date and time of day, 'YYYY-MM-DDTHH:mm' ('' when empty), as wall-clock time at the site: the picker
 * only carries the text of a wall-clock time and the caller converts it with site-time.ts, so a browser in
 * another zone still shows and enters the ward's times. Date from the calendar, time typed in its hours and
 * minutes fields.
 */
export function DateTimeField({ value, onChange, required, clearable, timePickerProps, ...props }: DateTimeFieldProps) {
  const t = useT();
  return (
    <DateTimePicker
      valueFormat={dateTimeDisplayFormat}
      {...useCalendarProps()}
      submitButtonProps={{ 'aria-label': t.common.done }}
      timePickerProps={{ hoursInputLabel: t.dates.hours, minutesInputLabel: t.dates.minutes, ...timePickerProps }}
      required={required}
      clearable={clearable ?? required !== true}
      {...props}
      value={localInputToPicker(value ?? '')}
      onChange={(next) => onChange(pickerToLocalInput(next))}
    />
  );
}
