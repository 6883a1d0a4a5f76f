import { DateTime } from 'luxon';
import { InputError } from '../core/errors.ts';
import { consentRuleMessages } from './messages.ts';
import type { StudyProtocol } from './study.ts';

/** A consent record as entered (the API's `consentCreate`). */
export interface ConsentInput {
  type: string;
  decision?: 'given' | 'refused' | null;
  date: string;
  dueOn?: string | null;
  informationLetterVersion?: string | null;
  optionalItems: Readonly<Record<string, boolean>>;
}

/** A consent record checked against the protocol, with its defaults filled in. */
export interface CheckedConsent {
  type: string;
  kind: 'decision' | 'deferral';
  decision: 'given' | 'refused' | null;
  date: string;
  dueOn: string | null;
  informationLetterVersion: string | null;
  optionalItems: Record<string, boolean>;
}

/**
 * The protocol's rules for a consent record: a known type; a decision for decision types and none for a
 * deferral; a known information letter (required when consent is given); known optional items; dates not
 * in the future, and a due date after the deferral.
 */
export function checkConsent(protocol: StudyProtocol, input: ConsentInput, today: string): CheckedConsent {
  const definition = protocol.consent;
  const type = definition.types.find((t) => t.code === input.type);
  if (type === undefined) {
    throw new InputError(
      'type',
      consentRuleMessages.unknownType({ types: definition.types.map((t) => t.code).join(', ') }),
    );
  }
  if (input.date > today) throw new InputError('date', consentRuleMessages.dateAfterToday({ today }));
  const decision = input.decision ?? null;
  if (type.kind === 'decision' && decision === null)
    throw new InputError('decision', consentRuleMessages.decisionNeeded());
  if (type.kind === 'deferral' && decision !== null) {
    throw new InputError('decision', consentRuleMessages.deferralHasNoDecision());
  }
  const letter = input.informationLetterVersion ?? null;
  if (letter !== null && !definition.informationLetterVersions.includes(letter)) {
    const versions = definition.informationLetterVersions.join(', ');
    throw new InputError('informationLetterVersion', consentRuleMessages.unknownLetter({ versions }));
  }
  if (decision === 'given' && letter === null) {
    throw new InputError('informationLetterVersion', consentRuleMessages.letterNeeded());
  }
  for (const code of Object.keys(input.optionalItems)) {
    if (!definition.optionalItems.some((item) => item.code === code)) {
      throw new InputError(`optionalItems.${code}`, consentRuleMessages.unknownOptionalItem({ code }));
    }
  }
  let dueOn: string | null = null;
  if (type.kind === 'deferral') {
    dueOn =
      input.dueOn ??
      DateTime.fromISO(input.date, { zone: 'utc' }).plus({ days: definition.deferredDueDays }).toISODate() ??
      null;
    if (dueOn !== null && dueOn <= input.date) throw new InputError('dueOn', consentRuleMessages.dueAfterDeferral());
  } else if (input.dueOn != null) {
    throw new InputError('dueOn', consentRuleMessages.dueOnlyForDeferral());
  }
  return {
    type: type.code,
    kind: type.kind,
    decision,
    date: input.date,
    dueOn,
    informationLetterVersion: letter,
    optionalItems: { ...input.optionalItems },
  };
}
