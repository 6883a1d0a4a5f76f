import { InputError } from '../../core/errors.ts';
import type { FormSchedule } from '../../protocol/forms.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { crfMessages } from './messages.ts';

/**
 * Where a form is filled in: at a visit (the slot is the visit code), on every ICU day (`day-<n>`), or once per
 * participant (`once`). A form scheduled at visits and also marked once (baseline at D0) has its visit as slot.
 */
export interface Slot {
  slot: string;
  visit: string | null;
  icuDay: number | null;
}

/** The longest ICU stay a daily form is kept for (days). */
export const maxIcuDay = 365;

export function scheduleOf(protocol: StudyProtocol, formId: string): FormSchedule {
  const entry = protocol.forms.schedule.find((s) => s.form === formId);
  if (entry === undefined) {
    throw new InputError(
      'form',
      crfMessages.unknownForm({ forms: protocol.forms.schedule.map((s) => s.form).join(', ') }),
    );
  }
  return entry;
}

/** Reads a slot of a form, or refuses it naming where the form is filled in. */
export function slotOf(protocol: StudyProtocol, formId: string, slot: string): Slot {
  const schedule = scheduleOf(protocol, formId);
  const day = /^day-(\d+)$/.exec(slot);
  if (schedule.perIcuDay === true && day !== null && Number(day[1]) <= maxIcuDay) {
    return { slot, visit: null, icuDay: Number(day[1]) };
  }
  if (schedule.visits !== undefined && schedule.visits.includes(slot)) return { slot, visit: slot, icuDay: null };
  if (schedule.visits === undefined && schedule.perIcuDay !== true && slot === 'once') {
    return { slot, visit: null, icuDay: null };
  }
  throw new InputError('slot', crfMessages.slotNotScheduled({ form: formId, slots: describeSlots(schedule) }));
}

export function describeSlots(schedule: FormSchedule): string {
  if (schedule.perIcuDay === true) return `per ICU day (day-1 to day-${maxIcuDay})`;
  if (schedule.visits !== undefined) return `at ${schedule.visits.join(', ')}`;
  return 'once (slot "once")';
}

/** The columns of the status matrix: each visit form at each of its visits, once forms, and daily forms as one. */
export function scheduleColumns(protocol: StudyProtocol): { form: string; slot: string }[] {
  const visitOrder = protocol.visits.visits.map((v) => v.code);
  const columns: { form: string; slot: string; order: number }[] = [];
  for (const entry of protocol.forms.schedule) {
    if (entry.perIcuDay === true) columns.push({ form: entry.form, slot: 'days', order: 0.5 });
    else if (entry.visits !== undefined) {
      for (const visit of entry.visits)
        columns.push({ form: entry.form, slot: visit, order: visitOrder.indexOf(visit) });
    } else columns.push({ form: entry.form, slot: 'once', order: visitOrder.length });
  }
  return columns.sort((a, b) => a.order - b.order).map(({ form, slot }) => ({ form, slot }));
}
