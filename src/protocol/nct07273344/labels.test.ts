import { describe, expect, it } from 'vitest';
import type { StudyProtocol } from '../study.ts';
import { study } from './protocol.ts';

/**
 * The protocol's names and descriptions are shown as they are: as field labels, options and headings in the
 * web app (next to its own sentence-case labels) and in exports. Each starts with a capital or a digit.
 */
function labels(protocol: StudyProtocol): [where: string, text: string][] {
  const { visits, samplePlan, consent, withdrawal, eligibility } = protocol;
  return [
    ...visits.visits.map((visit): [string, string] => [`visit ${visit.code}`, visit.name]),
    ...samplePlan.tubes.map((tube): [string, string] => [`tube ${tube.code}`, tube.name]),
    ...consent.types.map((type): [string, string] => [`consent type ${type.code}`, type.name]),
    ...consent.optionalItems.map((item): [string, string] => [`optional item ${item.code}`, item.name]),
    ...withdrawal.scopes.map((scope): [string, string] => [`withdrawal scope ${scope.code}`, scope.name]),
    ...withdrawal.requesters.map((who): [string, string] => [`withdrawal requester ${who.code}`, who.name]),
    ...eligibility.exclusions.flatMap((rule): [string, string][] =>
      rule.kind === 'flag' ? [[`exclusion ${rule.code}`, rule.description]] : [],
    ),
  ];
}

const tubePurposes = (protocol: StudyProtocol): [string, string][] =>
  protocol.samplePlan.tubes.map((tube) => [`tube ${tube.code} purpose`, tube.purpose]);

const notCapitalised = (texts: [string, string][]) => texts.filter(([, text]) => !/^[\p{Lu}\d]/u.test(text));

describe.each(Object.values(study.versions))('NCT07273344 version $version: labels in sentence case', (protocol) => {
  it('every visit, tube, consent type, optional item, withdrawal choice and exclusion starts upper-case', () => {
    expect(labels(protocol).length).toBeGreaterThan(20);
    expect(notCapitalised(labels(protocol))).toEqual([]);
  });

  it('every tube purpose starts upper-case', () => {
    expect(notCapitalised(tubePurposes(protocol))).toEqual([]);
  });
});
