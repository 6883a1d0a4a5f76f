import { DateTime } from 'luxon';
import type { ItemDefinition } from '../../protocol/forms.ts';
import type { FhirMapping } from '../../protocol/fhir-mapping.ts';
import { type Findings, isoOf } from './findings.ts';
import type { SlotProposal, SourceRef } from './model.ts';
import { dropDuplicates, type Fact, type ObservationFacts } from './observations.ts';
import { SlotItems } from './slots.ts';
import type { Infusion, Treatment } from './treatments.ts';

const hour = 3_600_000;
const dayLength = 24 * hour;
/** The longest ICU stay a daily form is kept for (src/features/crf/slots.ts). */
const maxIcuDay = 365;

export interface DayInput {
  mapping: FhirMapping;
  items: Map<string, ItemDefinition>;
  admission: number;
  stayEnd: number | null;
  timeZone: string;
  facts: ObservationFacts;
  infusions: Infusion[];
  treatments: Treatment[];
  weightAt: (at: number) => Fact | null;
  findings: Findings;
}

/**
 * The SOFA-2 inputs of each ICU day: day n is the n-th 24 hours from the participant's ICU admission (as the
 * clinical engine's `dayBoundary: "admission"`), up to the end of the ICU encounter. Each item takes the worst
 * value of the day; doses the highest rate running at any moment (summed over concurrent infusions of a drug,
 * infusions of at least the mapping's hours only); procedures set their items on every day they overlap.
 */
export function proposeDays(input: DayInput): { slots: SlotProposal[]; outside: SourceRef[] } {
  const { mapping, admission, stayEnd, facts, findings } = input;
  const days = mapping.days;
  const inStay = (at: number) => at >= admission && (stayEnd === null || at < stayEnd);
  const dayOf = (at: number) => Math.min(Math.floor((at - admission) / dayLength) + 1, maxIcuDay);
  const outside: SourceRef[] = [];

  const assign = (list: readonly Fact[]): Map<number, Fact[]> => {
    const byDay = new Map<number, Fact[]>();
    for (const fact of list) {
      if (!inStay(fact.at)) {
        outside.push(fact.source);
        continue;
      }
      findings.assigned.add(fact.source.index);
      const day = dayOf(fact.at);
      const list = byDay.get(day);
      if (list === undefined) byDay.set(day, [fact]);
      else list.push(fact);
    }
    return byDay;
  };
  const clean = (list: readonly Fact[], item: string) => dropDuplicates(list, findings, { form: days.form, item });

  const worst = new Map<string, Map<number, Fact[]>>();
  for (const rule of days.observations) worst.set(rule.item, assign(clean(facts.day.get(rule.item) ?? [], rule.item)));
  const { oxygenation } = days;
  const pao2 = assign(clean(facts.pao2, oxygenation.pao2.item));
  const spo2 = assign(clean(facts.spo2, oxygenation.spo2.item));
  const fio2 = clean(facts.fio2, oxygenation.fio2.item).sort((a, b) => a.at - b.at);
  assign(fio2);
  const urine = facts.urine.filter((f) => {
    const overlaps = f.end! > admission && (stayEnd === null || f.at < stayEnd);
    if (!overlaps) outside.push(f.source);
    else findings.assigned.add(f.source.index);
    return overlaps;
  });
  const periods = [...input.infusions, ...input.treatments].filter((p) => {
    const overlaps = p.end > admission && (stayEnd === null || p.start < stayEnd);
    if (!overlaps) outside.push(p.source);
    else findings.assigned.add(p.source.index);
    return overlaps;
  });

  // The last day with something recorded in it (an infusion still running adds no days of its own).
  const moments = [
    ...[...worst.values(), pao2, spo2].flatMap((byDay) =>
      [...byDay.keys()].map((d) => admission + (d - 1) * dayLength),
    ),
    ...urine.flatMap((f) => [f.at, f.end! - 1]),
    ...periods.flatMap((p) => [p.start, ...(Number.isFinite(p.end) ? [p.end - 1] : [])]),
  ].filter(inStay);
  const lastDay = moments.length === 0 ? 0 : dayOf(Math.max(...moments));

  const slots: SlotProposal[] = [];
  for (let day = 1; day <= lastDay; day++) {
    const start = admission + (day - 1) * dayLength;
    const end = stayEnd === null ? start + dayLength : Math.min(start + dayLength, stayEnd);
    const slot = `day-${day}`;
    const items = new SlotItems(input.items, findings, { form: days.form, slot });

    for (const rule of days.observations) {
      const list = worst.get(rule.item)?.get(day) ?? [];
      const chosen = pick(list, rule.worst);
      if (chosen !== undefined) items.set(rule.item, chosen.value, [chosen.source]);
    }
    proposeOxygenation(items, input, pao2.get(day) ?? [], spo2.get(day) ?? [], fio2);
    proposeUrine(items, input, urine, start, end, slot);
    proposeInfusions(items, input, start, end);
    for (const treatment of input.treatments) {
      if (!(treatment.start < end && treatment.end > start)) continue;
      for (const setting of treatment.set)
        items.set(setting.item, setting.value, [treatment.source], setting.check ?? null);
    }
    if (items.size === 0) continue;
    const dated = new SlotItems(input.items, findings, { form: days.form, slot });
    dated.set(days.dayItem, day, []);
    dated.set(days.dateItem, DateTime.fromMillis(start, { zone: input.timeZone }).toISODate() ?? '', []);
    slots.push({
      form: days.form,
      slot,
      icuDay: day,
      visit: null,
      start: isoOf(start)!,
      end: isoOf(end),
      items: [...dated.list(), ...items.list()],
    });
  }
  return { slots, outside };
}

function pick(list: readonly Fact[], worst: 'lowest' | 'highest'): Fact | undefined {
  return list.reduce<Fact | undefined>(
    (best, fact) =>
      best === undefined || (worst === 'lowest' ? fact.value < best.value : fact.value > best.value) ? fact : best,
    undefined,
  );
}

/**
 * The worst oxygenation of the day: the PaO2 with the lowest PaO2/FiO2, with the FiO2 charted at that time or
 * last before it (a setting stays until changed); on a day without PaO2, the SpO2 with the lowest SpO2/FiO2.
 */
function proposeOxygenation(
  items: SlotItems,
  input: DayInput,
  pao2: readonly Fact[],
  spo2: readonly Fact[],
  fio2: readonly Fact[],
): void {
  const { oxygenation } = input.mapping.days;
  const [measured, rule] = pao2.length > 0 ? [pao2, oxygenation.pao2] : [spo2, oxygenation.spo2];
  if (measured.length === 0) return;
  const paired = measured.map((fact) => ({ fact, fio2: lastAtOrBefore(fio2, fact.at) }));
  const withFio2 = paired.filter((p) => p.fio2 !== undefined);
  if (withFio2.length === 0) {
    const lowest = pick(measured, 'lowest')!;
    items.set(rule.item, lowest.value, [lowest.source], 'no FiO2 charted at or before it: enter the FiO2');
    return;
  }
  const worst = withFio2.reduce((a, b) => (b.fact.value / b.fio2!.value < a.fact.value / a.fio2!.value ? b : a));
  const ratio = Math.round(worst.fact.value / worst.fio2!.value);
  const sameTime = worst.fio2!.at === worst.fact.at;
  items.set(rule.item, worst.fact.value, [worst.fact.source], `the lowest ${rule.item}/FiO2 of the day (${ratio})`);
  items.set(
    oxygenation.fio2.item,
    worst.fio2!.value,
    [worst.fio2!.source],
    sameTime ? null : `charted at ${worst.fio2!.source.time}, the last before the ${rule.item}`,
  );
}

/** Urine output over the hours of the day its periods cover, per kg of the body weight charted last by then. */
function proposeUrine(
  items: SlotItems,
  input: DayInput,
  urine: readonly Fact[],
  start: number,
  end: number,
  slot: string,
): void {
  const rule = input.mapping.days.urineOutput;
  let volume = 0;
  let covered = 0;
  const sources: SourceRef[] = [];
  for (const fact of urine) {
    const overlap = Math.min(fact.end!, end) - Math.max(fact.at, start);
    if (overlap <= 0 || fact.end! <= fact.at) continue;
    volume += (fact.value * overlap) / (fact.end! - fact.at);
    covered += overlap;
    sources.push(fact.source);
  }
  if (sources.length === 0) return;
  const weight = input.weightAt(end - 1);
  if (weight === null) {
    input.findings.add(
      'no_weight',
      sources[0]!,
      `${rule.item}: urine output per kg needs the body weight, which the bundle does not have`,
      { item: rule.item },
      { form: input.mapping.days.form, slot, item: rule.item },
    );
    return;
  }
  const hours = covered / hour;
  const rate = volume / weight.value / hours;
  const described = `${Math.round(volume)} ${rule.unit} over ${Number(hours.toFixed(1))} h, ${weight.value} kg`;
  items.set(rule.item, rate, [...sources, weight.source], described);
  if (rate < rule.lowBelow) items.set(rule.hoursItem, Math.min(hours, 24), sources, `the hours charted that day`);
}

/**
 * Doses: at each moment the day starts or an infusion starts in it, the running rates of each drug summed; the
 * highest of the day is proposed. A day with any infusion also gets "infusion: yes", 0 for the doses of drugs not
 * given, and "another vasoactive" yes or no.
 */
function proposeInfusions(items: SlotItems, input: DayInput, start: number, end: number): void {
  const vasoactives = input.mapping.days.vasoactives;
  const running = input.infusions.filter((i) => i.start < end && i.end > start);
  if (running.length === 0) return;
  items.set(
    vasoactives.presenceItem,
    true,
    running.map((i) => i.source),
  );
  const moments = [start, ...running.map((i) => i.start).filter((at) => at > start && at < end)];
  const doseItems = vasoactives.drugs.flatMap((d) => (d.dose === undefined ? [] : [d.dose.item]));
  for (const item of doseItems) {
    const ofDrug = running.filter((i) => i.doseItem === item);
    if (ofDrug.length === 0) {
      items.set(item, 0, [], 'no infusion of this drug in the record that day');
      continue;
    }
    let best = { rate: -1, sources: [] as SourceRef[] };
    for (const at of moments) {
      const now = ofDrug.filter((i) => i.start <= at && at < i.end);
      const rate = now.reduce((sum, i) => sum + (i.rate ?? 0), 0);
      if (now.length > 0 && rate > best.rate) best = { rate, sources: now.map((i) => i.source) };
    }
    if (best.rate >= 0) items.set(item, best.rate, best.sources);
  }
  const others = running.filter((i) => i.doseItem === null);
  items.set(
    vasoactives.otherItem,
    others.length > 0,
    others.map((i) => i.source),
  );
  for (const infusion of running) {
    for (const setting of infusion.also)
      items.set(setting.item, setting.value, [infusion.source], setting.check ?? null);
  }
}

/** The last of time-sorted facts at or before a moment (binary search: a bundle may chart FiO2 every minute). */
export function lastAtOrBefore(sorted: readonly Fact[], at: number): Fact | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.at <= at) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : sorted[low - 1];
}
