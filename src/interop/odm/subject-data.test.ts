import { describe, expect, it } from 'vitest';
import { subjectElement, type ClinicalOptions, type OdmSubject } from './subject-data.ts';
import { tinyStudy } from './test-study.ts';
import { render } from './xml.ts';

const options = (transactional: boolean, extensions = false): ClinicalOptions => ({
  study: tinyStudy,
  transactional,
  extensions,
  signatureOids: new Map([['Approval', 'SD.1']]),
});

const entry = (seq: number, before: unknown, after: unknown, reason: string | null = null) => ({
  seq,
  at: `2026-03-0${seq}T10:00:00.000Z`,
  username: seq === 3 ? 'system' : 'nurse1',
  reason,
  source: 'api',
  before,
  after,
});

const subject: OdmSubject = {
  studyId: 'NIJ-001',
  siteCode: 'NIJ',
  protocolVersion: '1',
  records: [
    {
      formId: 'daily',
      formVersion: '1',
      slot: 'day-3',
      items: [{ itemId: 'ok', rowIndex: 0, valueText: 'true', missing: null }],
      signature: null,
      history: [],
    },
    {
      formId: 'vitals',
      formVersion: '2',
      slot: 'D0',
      items: [
        { itemId: 'dose', rowIndex: 1, valueText: '5', missing: null },
        { itemId: 'beats', rowIndex: 0, valueText: '72', missing: null },
        { itemId: 'colours', rowIndex: 0, valueText: '["red","blue"]', missing: null },
        { itemId: 'weight', rowIndex: 0, valueText: null, missing: 'not_done' },
        { itemId: 'dose', rowIndex: 0, valueText: '2.5', missing: null },
      ],
      signature: { username: 'doc', at: '2026-03-05T12:00:00.000Z', meaning: 'Approval' },
      history: [
        entry(1, undefined, {
          items: { beats: { value: 70 }, 'doses[0].dose': { value: 2.5 }, weight: { missing: 'not_done' } },
        }),
        entry(
          2,
          { items: { beats: { value: 70 }, colours: null } },
          { items: { beats: { value: 72 }, colours: { value: ['red', 'blue'] } } },
          'Misread',
        ),
        entry(3, { items: { double_beats: null } }, { items: { double_beats: { value: 144 } } }),
        entry(4, { items: { 'doses[0].dose': { value: 2.5 } } }, { items: { 'doses[0].dose': null } }, 'Entered twice'),
      ],
      queries: [
        {
          id: 7,
          itemKey: 'beats',
          status: 'open',
          rule: null,
          openedAt: '2026-03-06T08:00:00.000Z',
          closedAt: null,
          messages: [{ at: '2026-03-06T08:00:00.000Z', username: 'monitor1', kind: 'open', text: 'Really 72?' }],
        },
        {
          id: 8,
          itemKey: 'note',
          status: 'closed',
          rule: 'range',
          openedAt: '2026-03-06T08:00:00.000Z',
          closedAt: '2026-03-07T08:00:00.000Z',
          messages: [],
        },
      ],
    },
  ],
  samples: [
    {
      barcode: 'T1',
      visit: 'D0',
      tubeType: 'EDTA',
      status: 'processed',
      drawnAt: '2026-03-02T08:30:00.000Z',
      aliquots: [
        { barcode: 'A1', sampleType: 'plasma', volumeMicroliters: 500, status: 'stored', position: 'F / R / B / 1,1' },
      ],
    },
  ],
};

describe('SubjectData of one participant', () => {
  it('writes a snapshot: events in protocol order, groups per row, multiple choices joined, missing codes flagged', () => {
    const out = subjectElement(subject, options(false));
    const xml = render(out.element);
    expect(out).toMatchObject({ forms: 2, items: 6, historyAbsent: false });
    expect(xml.indexOf('SE.D0')).toBeLessThan(xml.indexOf('SE.ICU_DAY'));
    expect(xml).toContain('<StudyEventData StudyEventOID="SE.ICU_DAY" StudyEventRepeatKey="3">');
    expect(xml).toContain('<SiteRef LocationOID="LOC.NIJ"/>');
    expect(xml).toContain('<ItemData ItemOID="I.vitals.colours" Value="red,blue"/>');
    expect(xml).toMatch(
      /<ItemData ItemOID="I.vitals.weight" IsNull="Yes">\s*<Annotation SeqNum="1">\s*<Flag>\s*<FlagValue CodeListOID="CL.SEPTYPE_MISSING">not_done<\/FlagValue>\s*<\/Flag>\s*<\/Annotation>\s*<\/ItemData>/,
    );
    expect(xml).toMatch(
      /ItemGroupOID="IG.vitals.doses" ItemGroupRepeatKey="1">\s*<ItemData ItemOID="I.vitals.dose" Value="2.5"\/>/,
    );
    expect(xml).toMatch(
      /ItemGroupOID="IG.vitals.doses" ItemGroupRepeatKey="2">\s*<ItemData ItemOID="I.vitals.dose" Value="5"\/>/,
    );
    expect(xml).toMatch(
      /<Signature>\s*<UserRef UserOID="USR.doc"\/>\s*<LocationRef LocationOID="LOC.NIJ"\/>\s*<SignatureRef SignatureOID="SD.1"\/>\s*<DateTimeStamp>2026-03-05T12:00:00.000Z<\/DateTimeStamp>/,
    );
    expect(xml).not.toContain('TransactionType');
    expect(xml).not.toContain('septype:');
  });

  it('writes the history as transactions: insert, update with its reason, the system’s calculation, removal', () => {
    const out = subjectElement(subject, options(true));
    const xml = render(out.element);
    expect(out.items).toBe(7);
    expect(xml).toContain('<SubjectData SubjectKey="NIJ-001" TransactionType="Context">');
    expect(xml).toMatch(
      /<ItemData ItemOID="I.vitals.beats" TransactionType="Insert" Value="70">\s*<AuditRecord>\s*<UserRef UserOID="USR.nurse1"\/>/,
    );
    expect(xml).toMatch(
      /<ItemData ItemOID="I.vitals.beats" TransactionType="Update" Value="72">\s*<AuditRecord>[\s\S]*?<DateTimeStamp>2026-03-02T10:00:00.000Z<\/DateTimeStamp>\s*<ReasonForChange>Misread<\/ReasonForChange>\s*<SourceID>septype audit entry 2 \(api\)<\/SourceID>/,
    );
    expect(xml).toContain('<ItemData ItemOID="I.vitals.colours" TransactionType="Insert" Value="red,blue">');
    expect(xml).toMatch(
      /I.vitals.double_beats" TransactionType="Insert" Value="144">\s*<AuditRecord>\s*<UserRef UserOID="USR.system"\/>/,
    );
    expect(xml).toMatch(
      /<ItemData ItemOID="I.vitals.dose" TransactionType="Remove">\s*<AuditRecord>[\s\S]*?Entered twice/,
    );
    expect(xml).toMatch(
      /I.vitals.weight" TransactionType="Insert" IsNull="Yes">\s*<AuditRecord>[\s\S]*?<\/AuditRecord>\s*<Annotation SeqNum="1">/,
    );
    // The order of the trail is kept.
    expect(xml.indexOf('Value="70"')).toBeLessThan(xml.indexOf('Value="72"'));
  });

  it('says so when a participant’s history cannot be read because their data key was destroyed', () => {
    const shredded: OdmSubject = {
      ...subject,
      records: [{ ...subject.records[1]!, history: [entry(1, { destroyed: true }, { destroyed: true })] }],
    };
    const out = subjectElement(shredded, options(true));
    expect(out.historyAbsent).toBe(true);
    expect(out.items).toBe(0);
    expect(render(out.element)).toMatch(
      /<Annotation SeqNum="1">\s*<Comment>History absent: the participant's data key was destroyed/,
    );
  });

  it('adds queries to their item (or the form) and samples to the subject with the vendor extension', () => {
    const xml = render(subjectElement(subject, options(false, true)).element);
    expect(xml).toMatch(
      /<ItemData ItemOID="I.vitals.beats" Value="72">\s*<septype:Query QueryID="Q.7" ItemKey="beats" Status="open" OpenedAt="2026-03-06T08:00:00.000Z">\s*<septype:Message Kind="open" UserOID="USR.monitor1" DateTimeStamp="2026-03-06T08:00:00.000Z">Really 72\?<\/septype:Message>/,
    );
    // The query about an item without a value sits on the form, after its groups.
    expect(xml).toMatch(/<\/ItemGroupData>\s*<septype:Query QueryID="Q.8" ItemKey="note" Status="closed" Rule="range"/);
    expect(xml).toMatch(
      /<septype:Sample Barcode="T1" Visit="D0" TubeType="EDTA" Status="processed" DrawnAt="2026-03-02T08:30:00.000Z">\s*<septype:Aliquot Barcode="A1" SampleType="plasma" VolumeMicroliters="500" Status="stored" Position="F \/ R \/ B \/ 1,1"\/>/,
    );
    expect(xml.lastIndexOf('</StudyEventData>')).toBeLessThan(xml.indexOf('<septype:Sample'));
  });
});
