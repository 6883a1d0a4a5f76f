import { defineMessages } from '../core/messages.ts';

/**
 * Why an entered value is refused (src/ecrf/values.ts `readEntry`): the field is the item's id, so each text says
 * what is wrong and what is expected without naming the item. Dates and date-times are refused with the core's
 * own messages (`input.calendarDate`, `input.instant`, `input.offset`, `input.dateRange`), as everywhere else.
 */
export const ecrfMessages = defineMessages('ecrf', {
  entryShape: () => 'an entry is {"value": …} (with "unit" where the item has units) or {"missing": <reason>}',
  noValue: () => 'no value: enter one, or give the reason it is missing',
  calculated: () => 'a calculated item is never entered: it is computed from the items it reads',
  missingNotAllowed: (p: { codes: string }) => `a reason it is missing is one of: ${p.codes}`,
  textExpected: () => 'text is expected',
  textEmpty: () => 'empty: enter text, or give the reason it is missing',
  textTooLong: (p: { maximum: number }) => `at most ${p.maximum} characters are allowed`,
  integerExpected: () => 'a whole number is expected',
  integerRange: (p: { min: number; max: number }) => `a whole number from ${p.min} to ${p.max} is expected`,
  numberExpected: () => 'a number is expected',
  tooManyDecimals: (p: { precision: number }) =>
    p.precision === 0 ? 'a whole number is expected' : `at most ${p.precision} decimals are expected`,
  noUnit: () => 'this item takes no unit',
  unitNotAccepted: (p: { unit: string; units: string }) => `unit "${p.unit}" is not accepted here: one of ${p.units}`,
  yesNoExpected: () => 'yes or no (true or false) is expected',
  choiceExpected: (p: { codes: string }) => `one of: ${p.codes}`,
  unknownCode: (p: { code: string; codes: string }) => `"${p.code}" is not an option: one of ${p.codes}`,
  choicesExpected: (p: { codes: string }) => `a list of options chosen from: ${p.codes} ([] when none applies)`,
  duplicateCode: (p: { code: string }) => `"${p.code}" is chosen twice`,
});
