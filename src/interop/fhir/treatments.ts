import type { CodeableConcept, Medication, MedicationAdministration, Procedure, Quantity } from '@medplum/fhirtypes';
import type { ItemDefinition } from '../../protocol/forms.ts';
import type { FhirMapping, ItemSetting } from '../../protocol/fhir-mapping.ts';
import type { Entry } from './bundle.ts';
import { describeConcept, type Findings, matchRule, sourceOf, timingOf, unitOf, unknownCode } from './findings.ts';
import { rangeText, refusedByRange } from './items.ts';
import type { SourceRef } from './model.ts';
import type { Fact } from './observations.ts';
import { convertUnit } from './units.ts';

const hour = 3_600_000;

/** A continuous infusion of a vasoactive: its period (an open one runs on), and its rate in the dose item's unit. */
export interface Infusion {
  source: SourceRef;
  start: number;
  end: number;
  /** The dose item, or null for a drug counted as "another vasoactive". */
  doseItem: string | null;
  rate: number | null;
  also: readonly ItemSetting[];
}

/** A procedure running over a period (a point in time is a period of a moment). */
export interface Treatment {
  source: SourceRef;
  start: number;
  end: number;
  set: readonly ItemSetting[];
}

type Drugs = FhirMapping['days']['vasoactives']['drugs'];
const givenStatuses = new Set(['in-progress', 'completed', 'stopped']);
const doneStatuses = new Set(['in-progress', 'completed', 'stopped']);

/** The drug's code: the administration's own, or its Medication's (a reference within the bundle). */
function medicationConcept(
  administration: MedicationAdministration,
  medications: readonly Entry<Medication>[],
): CodeableConcept | undefined {
  if (administration.medicationCodeableConcept !== undefined) return administration.medicationCodeableConcept;
  const reference = administration.medicationReference?.reference;
  if (reference === undefined) return undefined;
  const found = medications.find(
    (m) => m.fullUrl === reference || (m.resource.id !== undefined && reference === `Medication/${m.resource.id}`),
  );
  return found?.resource.code;
}

function rateOf(administration: MedicationAdministration): { value: number; unit: string } | null {
  const dosage = administration.dosage;
  const quantity: Quantity | undefined = dosage?.rateQuantity;
  if (quantity?.value !== undefined) {
    const unit = unitOf(quantity);
    return unit === undefined ? null : { value: quantity.value, unit };
  }
  const numerator = dosage?.rateRatio?.numerator;
  const denominator = dosage?.rateRatio?.denominator;
  const [nu, du] = [unitOf(numerator), unitOf(denominator)];
  if (numerator?.value === undefined || !denominator?.value || nu === undefined || du === undefined) return null;
  return { value: numerator.value / denominator.value, unit: `(${nu})/(${du})` };
}

export function readInfusions(
  entries: readonly Entry<MedicationAdministration>[],
  medications: readonly Entry<Medication>[],
  mapping: FhirMapping,
  items: Map<string, ItemDefinition>,
  weightAt: (at: number) => Fact | null,
  stayEnd: number | null,
  findings: Findings,
): Infusion[] {
  const { drugs, minHours } = mapping.days.vasoactives;
  const infusions: Infusion[] = [];
  const form = mapping.days.form;
  for (const entry of entries) {
    const administration = entry.resource;
    const concept = medicationConcept(administration, medications);
    const match = matchRule<Drugs[number]>(concept, drugs);
    const timing = timingOf(administration.effectiveDateTime, administration.effectivePeriod);
    const charted = rateOf(administration);
    const code = match?.code ?? describeConcept(concept).code;
    const source = sourceOf(entry, code, timing, { value: charted?.value ?? null, unit: charted?.unit ?? null });
    if (match === undefined) {
      unknownCode(findings, source, concept);
      continue;
    }
    if (!givenStatuses.has(administration.status)) {
      findings.add('status', source, `${code}: status ${administration.status}, ignored`, {
        code,
        status: administration.status,
      });
      continue;
    }
    if (timing.at === null && administration.effectiveDateTime !== undefined) {
      findings.add('missing_time', source, `${code}: the time has no hour or zone; not assigned`, { code });
      continue;
    }
    if (administration.effectivePeriod === undefined) {
      const kind = administration.effectiveDateTime === undefined ? 'missing_time' : 'not_infusion';
      findings.add(
        kind,
        source,
        kind === 'missing_time'
          ? `${code}: no effective time; not assigned`
          : `${code}: given at one moment, not as a continuous infusion (an effectivePeriod); ignored`,
        { code },
      );
      continue;
    }
    if (timing.at === null) {
      findings.add('missing_time', source, `${code}: the infusion period has no start (a date-time with a zone)`, {
        code,
      });
      continue;
    }
    const start = timing.at;
    const end = timing.end ?? stayEnd ?? Number.POSITIVE_INFINITY;
    if (end - start < minHours * hour) {
      findings.add(
        'short_infusion',
        source,
        `${code}: an infusion of less than ${minHours} h does not count; ignored`,
        {
          code,
          hours: minHours,
        },
      );
      continue;
    }
    const dose = match.rule.dose;
    let rate: number | null = null;
    if (dose !== undefined) {
      if (charted === null) {
        findings.add('no_value', source, `${code}: no rate (dosage.rateQuantity or rateRatio)`, { code });
        continue;
      }
      rate = convertUnit(charted.value, charted.unit, dose.unit);
      if (rate === null) {
        // A rate per minute without the weight (µg/min, mg/h): per kg with the weight charted nearest before it.
        const perMinute = convertUnit(charted.value, charted.unit, 'ug/min');
        const weight = weightAt(start);
        if (perMinute !== null && weight === null) {
          findings.add(
            'no_weight',
            source,
            `${code}: a rate in ${charted.unit} needs the body weight, which the bundle does not have`,
            { code, unit: charted.unit },
            { form, item: dose.item },
          );
          continue;
        }
        const perKg =
          perMinute === null || weight === null ? null : convertUnit(perMinute / weight.value, 'ug/kg/min', dose.unit);
        if (perKg === null) {
          findings.add(
            'unit',
            source,
            `${code}: ${charted.value} ${charted.unit} does not convert to ${dose.unit}`,
            { code, value: charted.value, unit: charted.unit, to: dose.unit },
            { form, item: dose.item },
          );
          continue;
        }
        findings.used.add(weight!.source.index);
        rate = perKg;
      }
      const item = items.get(dose.item);
      if (item !== undefined && refusedByRange(item, rate)) {
        findings.add(
          'out_of_range',
          source,
          `${dose.item}: ${Number(rate.toPrecision(6))} ${dose.unit} is outside what the item accepts (${rangeText(item)})`,
          { code, item: dose.item, value: Number(rate.toPrecision(6)), unit: dose.unit, range: rangeText(item) },
          { form, item: dose.item },
        );
        continue;
      }
    }
    infusions.push({ source, start, end, doseItem: dose?.item ?? null, rate, also: match.rule.also ?? [] });
  }
  return infusions;
}

export function readProcedures(
  entries: readonly Entry<Procedure>[],
  mapping: FhirMapping,
  stayEnd: number | null,
  findings: Findings,
): Treatment[] {
  const treatments: Treatment[] = [];
  for (const entry of entries) {
    const procedure = entry.resource;
    const match = matchRule(procedure.code, mapping.days.procedures);
    const timing = timingOf(procedure.performedDateTime, procedure.performedPeriod);
    const code = match?.code ?? describeConcept(procedure.code).code;
    const source = sourceOf(entry, code, timing);
    if (match === undefined) {
      unknownCode(findings, source, procedure.code);
      continue;
    }
    if (!doneStatuses.has(procedure.status)) {
      findings.add('status', source, `${code}: status ${procedure.status}, ignored`, {
        code,
        status: procedure.status,
      });
      continue;
    }
    if (timing.at === null) {
      findings.add('missing_time', source, `${code}: no performed time (a date-time with a zone); not assigned`, {
        code,
      });
      continue;
    }
    if (match.rule.review !== undefined) {
      findings.add('review', source, `${code}: ${match.rule.review}`, { code, review: match.rule.review });
    }
    const end =
      procedure.performedPeriod === undefined ? timing.at + 1 : (timing.end ?? stayEnd ?? Number.POSITIVE_INFINITY);
    treatments.push({ source, start: timing.at, end, set: match.rule.set });
  }
  return treatments;
}
