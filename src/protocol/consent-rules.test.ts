import { describe, expect, it } from 'vitest';
import { checkConsent, type ConsentInput } from './consent-rules.ts';
import { protocolV1 } from './nct07273344/protocol.ts';

const today = '2026-03-10';
const given: ConsentInput = {
  type: 'patient',
  decision: 'given',
  date: '2026-03-09',
  informationLetterVersion: '1.0',
  optionalItems: {},
};
const deferral: ConsentInput = { type: 'deferred', date: '2026-03-02', optionalItems: {} };

function refusal(input: ConsentInput): { field?: string; key?: string } {
  try {
    checkConsent(protocolV1, input, today);
  } catch (error) {
    return error as { field?: string; key?: string };
  }
  throw new Error('the consent was accepted');
}

describe('a consent record under the protocol', () => {
  it('is a decision by the patient or a legal representative, naming the information letter read', () => {
    expect(checkConsent(protocolV1, given, today)).toEqual({
      type: 'patient',
      kind: 'decision',
      decision: 'given',
      date: '2026-03-09',
      dueOn: null,
      informationLetterVersion: '1.0',
      optionalItems: {},
    });
    expect(refusal({ ...given, informationLetterVersion: null })).toMatchObject({
      field: 'informationLetterVersion',
      key: 'consentRules.letterNeeded',
    });
    expect(refusal({ ...given, informationLetterVersion: '2.0' })).toMatchObject({ key: 'consentRules.unknownLetter' });
  });

  it('may be a refusal, which needs no information letter', () => {
    const refused = checkConsent(protocolV1, { ...given, decision: 'refused', informationLetterVersion: null }, today);
    expect(refused).toMatchObject({ decision: 'refused', informationLetterVersion: null });
  });

  it('needs a decision, except for a deferral, which has none yet', () => {
    expect(refusal({ ...given, decision: null })).toMatchObject({
      field: 'decision',
      key: 'consentRules.decisionNeeded',
    });
    expect(refusal({ ...deferral, decision: 'given' })).toMatchObject({
      field: 'decision',
      key: 'consentRules.deferralHasNoDecision',
    });
  });

  it('is due, when deferred, the protocol’s number of days later unless a later day is given', () => {
    expect(checkConsent(protocolV1, deferral, today)).toMatchObject({ kind: 'deferral', dueOn: '2026-03-16' });
    expect(checkConsent(protocolV1, { ...deferral, dueOn: '2026-03-05' }, today).dueOn).toBe('2026-03-05');
    expect(refusal({ ...deferral, dueOn: '2026-03-02' })).toMatchObject({ field: 'dueOn' });
    expect(refusal({ ...given, dueOn: '2026-03-20' })).toMatchObject({
      field: 'dueOn',
      key: 'consentRules.dueOnlyForDeferral',
    });
  });

  it('is of a type the protocol knows, dated no later than today, with only the protocol’s optional items', () => {
    expect(refusal({ ...given, type: 'relative' })).toMatchObject({ field: 'type', key: 'consentRules.unknownType' });
    expect(refusal({ ...given, date: '2026-03-11' })).toMatchObject({
      field: 'date',
      key: 'consentRules.dateAfterToday',
    });
    expect(
      checkConsent(protocolV1, { ...given, optionalItems: { future_research: false } }, today).optionalItems,
    ).toEqual({
      future_research: false,
    });
    expect(refusal({ ...given, optionalItems: { biobank_abroad: true } })).toMatchObject({
      field: 'optionalItems.biobank_abroad',
    });
  });
});
