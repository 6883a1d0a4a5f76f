import type { FormDefinition, ItemDefinition } from '../../protocol/forms.ts';
import type { StudyProtocol } from '../../protocol/study.ts';

/** The items of a protocol's form by id (items of repeating groups are not filled from the record). */
export function formItems(protocol: StudyProtocol, formId: string): Map<string, ItemDefinition> {
  const form: FormDefinition | undefined = protocol.forms.forms.find((f) => f.id === formId);
  if (form === undefined) throw new Error(`the FHIR mapping names form ${formId}, which the protocol does not have`);
  return new Map(
    form.groups.filter((g) => g.repeating !== true).flatMap((g) => g.items.map((i) => [i.id, i] as const)),
  );
}

export function itemOf(items: Map<string, ItemDefinition>, id: string): ItemDefinition {
  const item = items.get(id);
  if (item === undefined) throw new Error(`the FHIR mapping names item ${id}, which its form does not have`);
  return item;
}

/** A number as the item keeps it: an integer rounded, a decimal to its precision. */
export function rounded(item: ItemDefinition, value: number): number {
  if (item.type === 'integer') return Math.round(value);
  if (item.precision === undefined) return Number(value.toPrecision(10));
  const factor = 10 ** item.precision;
  return Math.round(value * factor) / factor;
}

/** Whether the item's hard range refuses the value (the form would refuse it on save). */
export function refusedByRange(item: ItemDefinition, value: number): boolean {
  const range = item.hardRange;
  if (range === undefined) return false;
  return (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max);
}

export const rangeText = (item: ItemDefinition): string =>
  `${item.hardRange?.min ?? '…'}–${item.hardRange?.max ?? '…'}`;
