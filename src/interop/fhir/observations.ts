import type { Observation } from '@medplum/fhirtypes';
import type { ItemDefinition } from '../../protocol/forms.ts';
import type { FhirMapping } from '../../protocol/fhir-mapping.ts';
import type { Entry } from './bundle.ts';
import { describeConcept, type Findings, matchRule, sourceOf, timingOf, unitOf, unknownCode } from './findings.ts';
import { rangeText, refusedByRange } from './items.ts';
import type { SourceRef } from './model.ts';
import { convertUnit } from './units.ts';

/** One charted value, converted to the unit of the item it may fill. */
export interface Fact {
  source: SourceRef;
  at: number;
  /** The end of its period (urine output); null for a point in time. */
  end: number | null;
  value: number;
}

export interface ObservationFacts {
  /** Body weight in the mapping's unit (kg). */
  weights: Fact[];
  /** Day form items by item id (the worst-value rules). */
  day: Map<string, Fact[]>;
  pao2: Fact[];
  fio2: Fact[];
  spo2: Fact[];
  /** Urine volumes with their periods. */
  urine: Fact[];
  /** Visit form items by item id. */
  visit: Map<string, Fact[]>;
}

interface Target {
  form: string;
  item: ItemDefinition | null;
  unit: string;
  molecularWeight?: number | undefined;
  unitWhenMissing?: string | undefined;
  push(fact: Fact): void;
}

const usable = new Set(['final', 'amended', 'corrected', 'preliminary']);

/** Reads each Observation into the facts it gives, or a finding saying why it gives none. */
export function readObservations(
  entries: readonly Entry<Observation>[],
  mapping: FhirMapping,
  items: { day: Map<string, ItemDefinition>; visit: Map<string, ItemDefinition> },
  findings: Findings,
): ObservationFacts {
  const facts: ObservationFacts = {
    weights: [],
    day: new Map(),
    pao2: [],
    fio2: [],
    spo2: [],
    urine: [],
    visit: new Map(),
  };
  const into = (map: Map<string, Fact[]>, item: string) => (fact: Fact) => {
    const list = map.get(item) ?? [];
    list.push(fact);
    map.set(item, list);
  };
  const { days, visits } = mapping;
  const dayForm = days.form;

  for (const entry of entries) {
    const observation = entry.resource;
    const concept = observation.code;
    const targets: (Target & { code: string })[] = [];
    const weight = matchRule(concept, [mapping.weight]);
    if (weight !== undefined) {
      targets.push({
        form: '',
        item: null,
        unit: mapping.weight.unit,
        code: weight.code,
        push: (f) => facts.weights.push(f),
      });
    }
    const dayRule = matchRule(concept, days.observations);
    if (dayRule !== undefined) {
      const { rule, code } = dayRule;
      targets.push({
        ...rule,
        form: dayForm,
        item: items.day.get(rule.item) ?? null,
        code,
        push: into(facts.day, rule.item),
      });
    }
    for (const role of ['pao2', 'fio2', 'spo2'] as const) {
      const match = matchRule(concept, [days.oxygenation[role]]);
      if (match === undefined) continue;
      const rule = days.oxygenation[role];
      targets.push({
        ...rule,
        form: dayForm,
        item: items.day.get(rule.item) ?? null,
        code: match.code,
        push: (f) => facts[role].push(f),
      });
    }
    const urine = matchRule(concept, [days.urineOutput]);
    if (urine !== undefined) {
      targets.push({
        form: dayForm,
        item: null,
        unit: days.urineOutput.unit,
        code: urine.code,
        push: (f) => facts.urine.push(f),
      });
    }
    const visitRule = matchRule(concept, visits.observations);
    if (visitRule !== undefined) {
      const { rule, code } = visitRule;
      targets.push({
        ...rule,
        form: visits.form,
        item: items.visit.get(rule.item) ?? null,
        code,
        push: into(facts.visit, rule.item),
      });
    }

    const described = describeConcept(concept);
    const code = targets[0]?.code ?? described.code;
    const timing = timingOf(observation.effectiveDateTime ?? observation.effectiveInstant, observation.effectivePeriod);
    const quantity = observation.valueQuantity;
    const value = quantity?.value ?? observation.valueInteger ?? null;
    const unit = unitOf(quantity) ?? null;
    const source = sourceOf(entry, code, timing, { value, unit });

    if (targets.length === 0) {
      unknownCode(findings, source, concept);
      continue;
    }
    if (!usable.has(observation.status)) {
      findings.add('status', source, `${code}: status ${observation.status}, ignored`, {
        code,
        status: observation.status,
      });
      continue;
    }
    const isUrine = urine !== undefined;
    if (timing.at === null || (isUrine && timing.end === null)) {
      findings.add(
        'missing_time',
        source,
        isUrine
          ? `${code}: urine output needs an effectivePeriod with a start and an end (times with a zone); not assigned`
          : `${code}: no effective time (a date-time with a zone); not assigned to a day or visit`,
        { code },
      );
      continue;
    }
    if (value === null || !Number.isFinite(value)) {
      findings.add('no_value', source, `${code}: no numeric value`, { code });
      continue;
    }
    for (const target of targets) {
      const from = unit ?? target.unitWhenMissing;
      const converted = from === undefined ? null : convertUnit(value, from, target.unit, target.molecularWeight);
      if (converted === null) {
        findings.add(
          'unit',
          source,
          `${code}: ${value} ${unit ?? '(no unit)'} does not convert to ${target.unit}`,
          { code, value, unit: unit ?? '', to: target.unit },
          target.item === null ? {} : { form: target.form, item: target.item.id },
        );
        continue;
      }
      if (target.item !== null && refusedByRange(target.item, converted)) {
        findings.add(
          'out_of_range',
          source,
          `${target.item.id}: ${round(converted)} ${target.unit} is outside what the item accepts (${rangeText(target.item)})`,
          { code, item: target.item.id, value: round(converted), unit: target.unit, range: rangeText(target.item) },
          { form: target.form, item: target.item.id },
        );
        continue;
      }
      target.push({ source, at: timing.at, end: timing.end, value: converted });
    }
  }
  return facts;
}

const round = (value: number) => Number(value.toPrecision(6));

/**
 * The same value charted twice at the same time counts once (a duplicate, reported); different values at the same
 * time are a conflict (reported; both kept, so the worst-value rule or the coordinator decides).
 */
export function dropDuplicates(
  facts: readonly Fact[],
  findings: Findings,
  about: { form: string; item: string },
): Fact[] {
  const kept: Fact[] = [];
  const byTime = new Map<string, Fact[]>();
  for (const fact of facts) {
    const time = `${fact.at}|${fact.end}`;
    const same = byTime.get(time) ?? [];
    if (same.some((k) => Math.abs(k.value - fact.value) < 1e-9)) {
      findings.add(
        'duplicate',
        fact.source,
        `${about.item}: the same value charted twice at ${fact.source.time}`,
        {
          item: about.item,
          time: fact.source.time ?? '',
        },
        about,
      );
      continue;
    }
    if (same.length > 0) {
      findings.add(
        'conflict',
        fact.source,
        `${about.item}: different values at ${fact.source.time} (${[...same, fact].map((f) => round(f.value)).join(', ')})`,
        {
          item: about.item,
          time: fact.source.time ?? '',
          values: [...same, fact].map((f) => round(f.value)).join(', '),
        },
        about,
      );
    }
    kept.push(fact);
    byTime.set(time, [...same, fact]);
  }
  return kept;
}
