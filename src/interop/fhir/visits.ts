import { DateTime } from 'luxon';
import type { ItemDefinition } from '../../protocol/forms.ts';
import type { FhirMapping } from '../../protocol/fhir-mapping.ts';
import { type Findings, isoOf } from './findings.ts';
import type { SlotProposal } from './model.ts';
import { dropDuplicates, type Fact } from './observations.ts';
import { SlotItems } from './slots.ts';

const hour = 3_600_000;

/** A visit of the participant and the moment its values are taken nearest to (null: no values for it). */
export interface VisitTime {
  visit: string;
  at: number | null;
}

/**
 * Routine labs per visit: for each item, the value nearest the visit time within the mapping's hours (the visit
 * as recorded, else its target). Two different values equally near are a conflict: neither is proposed. The blood
 * draw time is the time most of the proposed values share.
 */
export function proposeVisits(
  mapping: FhirMapping,
  items: Map<string, ItemDefinition>,
  visitTimes: readonly VisitTime[],
  facts: Map<string, Fact[]>,
  findings: Findings,
): SlotProposal[] {
  const rules = mapping.visits;
  const window = rules.maxHoursFromVisit * hour;
  const cleaned = new Map(
    rules.observations.map((rule) => [
      rule.item,
      dropDuplicates(facts.get(rule.item) ?? [], findings, { form: rules.form, item: rule.item }),
    ]),
  );
  const slots: SlotProposal[] = [];
  for (const { visit, at } of visitTimes) {
    if (at === null || !rules.visits.includes(visit)) continue;
    const proposals = new SlotItems(items, findings, { form: rules.form, slot: visit });
    const chosen: Fact[] = [];
    for (const rule of rules.observations) {
      const near = (cleaned.get(rule.item) ?? []).filter((f) => Math.abs(f.at - at) <= window);
      near.forEach((f) => findings.assigned.add(f.source.index));
      if (near.length === 0) continue;
      const distance = Math.min(...near.map((f) => Math.abs(f.at - at)));
      const nearest = near.filter((f) => Math.abs(f.at - at) === distance);
      const values = [...new Set(nearest.map((f) => f.value))];
      if (values.length > 1) {
        findings.add(
          'conflict',
          nearest[0]!.source,
          `${rule.item}: different values equally near ${visit} (${values.map((v) => Number(v.toPrecision(6))).join(', ')}); none proposed`,
          { item: rule.item, values: values.map((v) => Number(v.toPrecision(6))).join(', ') },
          { form: rules.form, slot: visit, item: rule.item },
        );
        continue;
      }
      const fact = nearest[0]!;
      chosen.push(fact);
      proposals.set(rule.item, fact.value, [fact.source]);
    }
    if (chosen.length === 0) continue;
    const times = new Map<number, number>();
    for (const fact of chosen) times.set(fact.at, (times.get(fact.at) ?? 0) + 1);
    const [drawn] = [...times.entries()].sort((a, b) => b[1] - a[1] || Math.abs(a[0] - at) - Math.abs(b[0] - at))[0]!;
    const dated = new SlotItems(items, findings, { form: rules.form, slot: visit });
    dated.set(
      rules.timeItem,
      isoOf(drawn)!,
      [],
      times.size > 1 ? `values come from ${times.size} blood draws: this is the time most of them share` : null,
    );
    slots.push({
      form: rules.form,
      slot: visit,
      icuDay: null,
      visit,
      start: isoOf(at)!,
      end: null,
      items: [...dated.list(), ...proposals.list()],
    });
  }
  return slots;
}

/** A visit as the participant's timeline has it (src/features/participants: VisitTimelineEntry). */
export interface TimelineVisit {
  visit: string;
  precision: 'instant' | 'date';
  applicable: boolean;
  /** An instant (precision instant) or a local date (precision date). */
  target: string | null;
  /** When it was done; null when not (yet) recorded. */
  occurredAt: string | null;
  missed: boolean;
}

/**
 * The moment a visit's values are taken nearest to: when it was done, else its target (a dated target at noon in
 * the site's time zone). A missed or not applicable visit, or one without a target yet, has none.
 */
export function visitTimeOf(visit: TimelineVisit, timeZone: string): VisitTime {
  if (!visit.applicable || visit.missed) return { visit: visit.visit, at: null };
  if (visit.occurredAt !== null) return { visit: visit.visit, at: Date.parse(visit.occurredAt) };
  if (visit.target === null) return { visit: visit.visit, at: null };
  if (visit.precision === 'instant') return { visit: visit.visit, at: Date.parse(visit.target) };
  const noon = DateTime.fromISO(visit.target.slice(0, 10), { zone: timeZone }).set({ hour: 12 });
  return { visit: visit.visit, at: noon.isValid ? noon.toMillis() : null };
}
