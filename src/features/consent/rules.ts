import { DateTime } from 'luxon';
import { invalidInput } from '../../core/errors.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import type { ConsentCreate } from './contract.ts';

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
export function checkConsent(protocol: StudyProtocol, input: ConsentCreate, today: string): CheckedConsent {
  const definition = protocol.consent;
  const type = definition.types.find((t) => t.code === input.type);
  if (type === undefined) {
    throw invalidInput('type', `unknown consent type; one of ${definition.types.map((t) => t.code).join(', ')}`);
  }
  if (input.date > today) throw invalidInput('date', `the consent date is after today (${today})`);
  const decision = input.decision ?? null;
  if (type.kind === 'decision' && decision === null) throw invalidInput('decision', 'given or refused?');
  if (type.kind === 'deferral' && decision !== null) {
    throw invalidInput('decision', 'a deferred consent has no decision yet; record the decision when it is asked');
  }
  const letter = input.informationLetterVersion ?? null;
  if (letter !== null && !definition.informationLetterVersions.includes(letter)) {
    throw invalidInput(
      'informationLetterVersion',
      `unknown information letter version; one of ${definition.informationLetterVersions.join(', ')}`,
    );
  }
  if (decision === 'given' && letter === null) {
    throw invalidInput('informationLetterVersion', 'which version of the information letter was read?');
  }
  for (const code of Object.keys(input.optionalItems)) {
    if (!definition.optionalItems.some((item) => item.code === code)) {
      throw invalidInput(`optionalItems.${code}`, `unknown optional item ${code}`);
    }
  }
  let dueOn: string | null = null;
  if (type.kind === 'deferral') {
    dueOn =
      input.dueOn ??
      DateTime.fromISO(input.date, { zone: 'utc' }).plus({ days: definition.deferredDueDays }).toISODate() ??
      null;
    if (dueOn !== null && dueOn <= input.date) throw invalidInput('dueOn', 'the due date must be after the deferral');
  } else if (input.dueOn != null) {
    throw invalidInput('dueOn', 'only a deferred consent has a due date');
  }
  return {
    type: type.code,
    kind: type.kind,
    decision,
    date: input.date,
    dueOn,
    informationLetterVersion: letter,
    optionalItems: input.optionalItems,
  };
}
