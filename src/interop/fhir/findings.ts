import { DateTime } from 'luxon';
import type { CodeableConcept, Coding, Period, Quantity } from '@medplum/fhirtypes';
import type { FhirCode } from '../../protocol/fhir-mapping.ts';
import type { Entry } from './bundle.ts';
import type { Finding, FindingKind, SourceRef } from './model.ts';

/** The findings of one proposal run, and which resources a value was taken from. */
export class Findings {
  readonly list: Finding[] = [];
  /** Entry indexes a proposal took a value (or the weight) from. */
  readonly used = new Set<number>();
  /** Entry indexes that fell in an ICU day or a visit's hours (used or not). */
  readonly assigned = new Set<number>();
  private readonly said = new Set<string>();

  add(
    kind: FindingKind,
    source: SourceRef | null,
    message: string,
    params: Record<string, string | number> = {},
    about: { form?: string; slot?: string; item?: string } = {},
  ): void {
    // One resource read for two forms (a creatinine for the day and for the visit) is one finding.
    const key = `${kind}|${source?.index ?? ''}|${message}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.list.push({
      kind,
      source,
      form: about.form ?? null,
      slot: about.slot ?? null,
      item: about.item ?? null,
      params,
      message,
    });
  }
}

const ucum = 'http://unitsofmeasure.org';

/** A FHIR dateTime with a time and zone as epoch milliseconds; a date alone (no time) is not an instant: null. */
export function instantOf(text: string | undefined): number | null {
  if (text === undefined || !text.includes('T')) return null;
  const instant = DateTime.fromISO(text, { setZone: true });
  return instant.isValid ? instant.toMillis() : null;
}

export const isoOf = (millis: number | null): string | null =>
  millis === null ? null : new Date(millis).toISOString();

export function codings(concept: CodeableConcept | undefined): Coding[] {
  return (concept?.coding ?? []).filter((c) => c.system !== undefined && c.code !== undefined);
}

export const codeKey = (system: string, code: string) => `${system}|${code}`;

/** The first rule whose codes include a coding of the concept, and that coding's key. */
export function matchRule<R extends { codes: readonly FhirCode[] }>(
  concept: CodeableConcept | undefined,
  rules: readonly R[],
): { rule: R; code: string } | undefined {
  for (const coding of codings(concept)) {
    const rule = rules.find((r) => r.codes.some((c) => c.system === coding.system && c.code === coding.code));
    if (rule !== undefined) return { rule, code: codeKey(coding.system!, coding.code!) };
  }
  return undefined;
}

/** How a concept reads in a finding: its first coding, or its text. */
export function describeConcept(concept: CodeableConcept | undefined): { code: string; display: string } {
  const first = codings(concept)[0];
  return {
    code: first === undefined ? (concept?.text ?? 'no code') : codeKey(first.system!, first.code!),
    display: first?.display ?? concept?.text ?? '',
  };
}

/** The UCUM unit of a quantity: its code when the system is UCUM, else its human-readable unit. */
export function unitOf(quantity: Quantity | undefined): string | undefined {
  if (quantity === undefined) return undefined;
  if (quantity.system === ucum && quantity.code !== undefined) return quantity.code;
  return quantity.unit ?? quantity.code;
}

export interface Timing {
  at: number | null;
  end: number | null;
}

export function timingOf(instant: string | undefined, period: Period | undefined): Timing {
  if (instant !== undefined) {
    const at = instantOf(instant);
    return { at, end: null };
  }
  if (period !== undefined) {
    const start = instantOf(period.start);
    const end = instantOf(period.end);
    return { at: start, end };
  }
  return { at: null, end: null };
}

export function sourceOf(
  entry: Entry<{ resourceType: string; id?: string }>,
  code: string | null,
  timing: Timing,
  quantity: { value: number | null; unit: string | null } = { value: null, unit: null },
): SourceRef {
  return {
    resourceType: entry.resource.resourceType,
    id: entry.resource.id ?? null,
    index: entry.index,
    code,
    time: isoOf(timing.at),
    end: isoOf(timing.end),
    value: quantity.value,
    unit: quantity.unit,
  };
}

/** A resource whose code the mapping does not have: listed, not read. */
export function unknownCode(findings: Findings, source: SourceRef, concept: CodeableConcept | undefined): void {
  const { code, display } = describeConcept(concept);
  findings.add(
    'unknown_code',
    source,
    `${code}${display === '' ? '' : ` (${display})`}: not in the study's mapping, ignored`,
    {
      code,
      display,
    },
  );
}
