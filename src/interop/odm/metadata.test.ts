import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { studyForms } from '../../ecrf/study.ts';
import { adminDataElement, studyElement } from './metadata.ts';
import { odmNamespace, septypeNamespace } from './oids.ts';
import { tinyStudy } from './test-study.ts';
import { endTag, render, startTag, xmlDeclaration } from './xml.ts';

function document(extensions: boolean): string {
  return (
    xmlDeclaration +
    startTag('ODM', {
      xmlns: odmNamespace,
      'xmlns:septype': extensions ? septypeNamespace : undefined,
      FileType: 'Snapshot',
      FileOID: 'TEST',
      CreationDateTime: '2026-03-02T09:00:00.000Z',
      ODMVersion: '1.3.2',
    }) +
    '\n' +
    render(studyElement({ study: tinyStudy, forms: studyForms(tinyStudy), extensions }), 1) +
    render(
      adminDataElement({
        study: tinyStudy,
        users: [{ username: 'nurse1', displayName: 'Nurse <One>' }],
        sites: [{ code: 'NIJ', name: 'Nijmegen', createdAt: '2026-01-05T10:00:00.000Z' }],
        signatureMeanings: ['Approval'],
      }),
      1,
    ) +
    endTag('ODM')
  );
}

function xmllint(xml: string, schema: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'septype-odm-unit-'));
  try {
    writeFileSync(join(dir, 'm.xml'), xml);
    const path = new URL(`../../../standards/${schema}`, import.meta.url).pathname;
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path, join(dir, 'm.xml')], {
      encoding: 'utf8',
    });
    return run.status === 0 ? 'validates' : run.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ODM metadata of a tiny form set', () => {
  const xml = document(false);

  it('validates against the official ODM 1.3.2 schema, and with visit windows against septype’s extension', () => {
    expect(xmllint(xml, 'odm-1.3.2/ODM1-3-2.xsd')).toBe('validates');
    const extended = document(true);
    expect(extended).toContain('<septype:VisitWindow Anchor="icuAdmission" Precision="instant" Target="PT24H"');
    expect(xmllint(extended, 'septype-odm/ODM1-3-2-septype.xsd')).toBe('validates');
  });

  it('has the study, its units, its events and its forms', () => {
    expect(xml).toContain('<Study OID="NCT07273344">');
    expect(xml).toContain('<MeasurementUnit OID="MU._min" Name="/min">');
    expect(xml).toContain('<MetaDataVersion OID="MDV.1"');
    expect(xml).toMatch(
      /<StudyEventDef OID="SE.D0" Name="Day 0" Repeating="No" Type="Scheduled">\s*<FormRef FormOID="F.vitals.V2" OrderNumber="1" Mandatory="No"\/>/,
    );
    expect(xml).toMatch(
      /<StudyEventDef OID="SE.ICU_DAY" Name="ICU day" Repeating="Yes" Type="Scheduled">\s*<FormRef FormOID="F.daily.V1"/,
    );
    // No form is once per participant here, so there is no such event; visits without forms are still events.
    expect(xml).not.toContain('SE.ONCE');
    expect(xml).toContain('<StudyEventDef OID="SE.M12" Name="12 months" Repeating="No" Type="Scheduled"/>');
    expect(xml).toContain('<ItemGroupDef OID="IG.vitals.doses" Name="Doses" Repeating="Yes">');
    expect(xml).toContain('<ItemRef ItemOID="I.vitals.beats" OrderNumber="2" Mandatory="Yes"/>');
  });

  it('describes each item: type, length, unit, hard and soft ranges, code list, question', () => {
    expect(xml).toContain('<ItemDef OID="I.vitals.note" Name="note" DataType="string" Length="2000">');
    expect(xml).toContain('<TranslatedText xml:lang="en">Note &lt;free text&gt;</TranslatedText>');
    expect(xml).toMatch(
      /<ItemDef OID="I.vitals.beats" Name="beats" DataType="integer" Length="11">[\s\S]*?<MeasurementUnitRef MeasurementUnitOID="MU._min"\/>\s*<RangeCheck Comparator="GE" SoftHard="Hard">\s*<CheckValue>0<\/CheckValue>\s*<\/RangeCheck>\s*<RangeCheck Comparator="LE" SoftHard="Hard">\s*<CheckValue>300<\/CheckValue>/,
    );
    expect(xml).toMatch(
      /<ItemDef OID="I.vitals.weight" Name="weight" DataType="float" SignificantDigits="1">[\s\S]*?<RangeCheck Comparator="GE" SoftHard="Soft">\s*<CheckValue>30<\/CheckValue>/,
    );
    expect(xml).toContain('<ItemDef OID="I.vitals.fever" Name="fever" DataType="boolean">');
    expect(xml).toMatch(
      /<ItemDef OID="I.vitals.colour" Name="colour" DataType="text" Length="5">[\s\S]*?<CodeListRef CodeListOID="CL.colour"\/>/,
    );
    expect(xml).toContain('<ItemDef OID="I.vitals.colours" Name="colours" DataType="text" Length="14">');
    expect(xml).toMatch(
      /<CodeListItem CodedValue="green">\s*<Decode>\s*<TranslatedText xml:lang="en">Green &amp; blue</,
    );
  });

  it('exports calculated items as derived, with the method that computes them', () => {
    expect(xml).toMatch(
      /<ItemDef OID="I.vitals.double_beats" Name="double_beats" DataType="integer" Length="11" Origin="Derived">\s*<Description>/,
    );
    expect(xml).toContain(
      '<ItemRef ItemOID="I.vitals.double_beats" OrderNumber="9" Mandatory="No" MethodOID="MT.vitals.double_beats"/>',
    );
    expect(xml).toMatch(
      /<MethodDef OID="MT.vitals.double_beats" Name="double_beats \(derived\)" Type="Computation">[\s\S]*?<FormalExpression Context="CEL">beats \* 2<\/FormalExpression>/,
    );
  });

  it('defines the missing codes in every metadata version', () => {
    expect(xml).toMatch(
      /<CodeList OID="CL.SEPTYPE_MISSING"[^>]*DataType="text">[\s\S]*?CodedValue="not_done"[\s\S]*?CodedValue="asked_refused"/,
    );
  });

  it('lists users by login and display name only, sites as locations, and signature meanings', () => {
    expect(xml).toMatch(
      /<User OID="USR.nurse1">\s*<LoginName>nurse1<\/LoginName>\s*<DisplayName>Nurse &lt;One&gt;<\/DisplayName>\s*<\/User>/,
    );
    expect(xml).toMatch(
      /<Location OID="LOC.NIJ" Name="Nijmegen" LocationType="Site">\s*<MetaDataVersionRef StudyOID="NCT07273344" MetaDataVersionOID="MDV.1" EffectiveDate="2026-01-05"\/>/,
    );
    expect(xml).toMatch(/<SignatureDef OID="SD.1" Methodology="Electronic">\s*<Meaning>Approval<\/Meaning>/);
  });
});
