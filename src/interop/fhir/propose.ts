import type { Encounter, Location } from '@medplum/fhirtypes';
import { InputError } from '../../core/errors.ts';
import type { FhirMapping } from '../../protocol/fhir-mapping.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { type Entry, readBundle } from './bundle.ts';
import { lastAtOrBefore, proposeDays } from './days.ts';
import { codings, Findings, instantOf, isoOf, sourceOf, timingOf } from './findings.ts';
import { formItems } from './items.ts';
import { fhirImportMessages } from './messages.ts';
import type { FhirProposals } from './model.ts';
import { type Fact, readObservations } from './observations.ts';
import { readInfusions, readProcedures } from './treatments.ts';
import { proposeVisits, type TimelineVisit, visitTimeOf } from './visits.ts';

export interface ProposeInput {
  /** The Bundle as received (JSON); read and checked here. */
  bundle: unknown;
  protocol: StudyProtocol;
  mapping: FhirMapping;
  /** The participant's ICU admission (ISO instant): day 1 starts here. */
  admission: string;
  /** The site's time zone: the local date of each ICU day, and the noon of a dated visit. */
  timeZone: string;
  visits: readonly TimelineVisit[];
  /** The Encounter to read the stay from; by default the ICU encounter nearest the admission. */
  encounterId?: string | null | undefined;
}

const hour = 3_600_000;
/** An Encounter of the ICU: v3-RoleCode ICU as its class, type, or its location's type. */
const icuCode = 'ICU';
const void_ = new Set(['cancelled', 'entered-in-error']);

/**
 * Proposes pre-filled SOFA-2 inputs per ICU day and routine labs per visit from a FHIR R4 Bundle, with a finding
 * for every resource it could not use. Pure: nothing is stored, and nothing is entered until a person accepts.
 */
export function proposeFromBundle(input: ProposeInput): FhirProposals {
  const read = readBundle(input.bundle);
  const patients = read.unread.Patient ?? 0;
  if (patients > 1) throw new InputError('bundle', fhirImportMessages.severalPatients({ count: patients }));
  const findings = new Findings();
  const { mapping } = input;
  const admission = Date.parse(input.admission);
  const encounter = chooseEncounter(read.encounters, read.locations, admission, input.encounterId ?? null, findings);
  const stay = encounter === undefined ? null : timingOf(undefined, encounter.resource.period);
  const stayEnd = stay?.end ?? null;

  const items = {
    day: formItems(input.protocol, mapping.days.form),
    visit: formItems(input.protocol, mapping.visits.form),
  };
  const seen = new Set<string>();
  const unique = <T extends { resourceType: string; id?: string }>(entries: readonly Entry<T>[]): Entry<T>[] =>
    entries.filter((entry) => {
      const id = entry.resource.id;
      if (id === undefined) return true;
      const key = `${entry.resource.resourceType}/${id}`;
      if (!seen.has(key)) return seen.add(key);
      findings.add(
        'duplicate',
        sourceOf(entry, null, { at: null, end: null }),
        `${key} is in the bundle twice: read once`,
        {
          resource: key,
        },
      );
      return false;
    });

  const facts = readObservations(unique(read.observations), mapping, items, findings);
  const weights = [...facts.weights].sort((a, b) => a.at - b.at);
  const weightAt = (at: number): Fact | null => lastAtOrBefore(weights, at) ?? weights[0] ?? null;
  const infusions = readInfusions(
    unique(read.administrations),
    read.medications,
    mapping,
    items.day,
    weightAt,
    stayEnd,
    findings,
  );
  const treatments = readProcedures(unique(read.procedures), mapping, stayEnd, findings);
  const days = proposeDays({
    mapping,
    items: items.day,
    admission,
    stayEnd,
    timeZone: input.timeZone,
    facts,
    infusions,
    treatments,
    weightAt,
    findings,
  });
  const visits = proposeVisits(
    mapping,
    items.visit,
    input.visits.map((v) => visitTimeOf(v, input.timeZone)),
    facts.visit,
    findings,
  );
  const stayText = `${isoOf(admission)} to ${isoOf(stayEnd) ?? 'an end not in the record'}`;
  const reported = new Set<number>();
  for (const source of days.outside) {
    // A lab a visit took, or a FiO2 before admission paired with the first blood gas, is not outside anything.
    if (findings.assigned.has(source.index) || findings.used.has(source.index) || reported.has(source.index)) continue;
    reported.add(source.index);
    findings.add(
      'outside_stay',
      source,
      `${source.code ?? source.resourceType} at ${source.time}: outside the ICU stay (${stayText})`,
      {
        code: source.code ?? source.resourceType,
        time: source.time ?? '',
        stay: stayText,
      },
    );
  }
  return {
    encounter:
      encounter === undefined
        ? null
        : { id: encounter.resource.id ?? null, start: isoOf(stay?.at ?? null), end: isoOf(stayEnd) },
    admission: new Date(admission).toISOString(),
    days: days.slots,
    visits,
    findings: findings.list,
    counts: {
      entries:
        read.observations.length +
        read.administrations.length +
        read.medications.length +
        read.procedures.length +
        read.encounters.length +
        read.locations.length +
        Object.values(read.unread).reduce((a, b) => a + b, 0),
      used: findings.used.size,
      unread: read.unread,
    },
  };
}

function isIcu(encounter: Encounter, locations: readonly Entry<Location>[]): boolean {
  if (encounter.class.code === icuCode) return true;
  if ((encounter.type ?? []).some((t) => codings(t).some((c) => c.code === icuCode))) return true;
  return (encounter.location ?? []).some(({ location: reference }) => {
    const found = locations.find(
      (l) =>
        l.fullUrl === reference.reference ||
        (l.resource.id !== undefined && reference.reference === `Location/${l.resource.id}`),
    );
    const concepts = [
      ...(found?.resource.type ?? []),
      ...(found?.resource.physicalType ? [found.resource.physicalType] : []),
    ];
    return concepts.some((t) => codings(t).some((c) => c.code === icuCode));
  });
}

/** The Encounter asked for, else the ICU encounter whose start is nearest the participant's ICU admission. */
function chooseEncounter(
  encounters: readonly Entry<Encounter>[],
  locations: readonly Entry<Location>[],
  admission: number,
  wanted: string | null,
  findings: Findings,
): Entry<Encounter> | undefined {
  let chosen: Entry<Encounter> | undefined;
  if (wanted !== null) {
    chosen = encounters.find((e) => e.resource.id === wanted);
    if (chosen === undefined) throw new InputError('encounterId', fhirImportMessages.noEncounter({ id: wanted }));
  } else {
    const distance = (e: Entry<Encounter>) => Math.abs((instantOf(e.resource.period?.start) ?? Infinity) - admission);
    chosen = encounters
      .filter((e) => !void_.has(e.resource.status) && isIcu(e.resource, locations))
      .sort((a, b) => distance(a) - distance(b))[0];
  }
  if (chosen === undefined) {
    findings.add(
      'no_icu_encounter',
      null,
      'no ICU encounter in the bundle: ICU days run from the participant’s ICU admission, without an end of stay',
    );
    return undefined;
  }
  findings.used.add(chosen.index);
  const start = instantOf(chosen.resource.period?.start);
  if (start !== null && Math.abs(start - admission) > hour) {
    findings.add(
      'admission_differs',
      sourceOf(chosen, null, { at: start, end: instantOf(chosen.resource.period?.end) }),
      `the encounter starts at ${isoOf(start)}, the participant’s ICU admission is ${isoOf(admission)}: days count from the admission`,
      { encounter: isoOf(start)!, admission: isoOf(admission)! },
    );
  }
  return chosen;
}
