import { describe, expect, it } from 'vitest';
import { parseOdm, parseOdmText } from './parse.ts';

const ns = 'http://www.cdisc.org/ns/odm/v1.3';
const head = (fileType: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="${ns}" FileType="${fileType}" FileOID="F1" ODMVersion="1.3.2" CreationDateTime="2026-03-02T10:00:00Z">\n`;

const snapshot = `${head('Snapshot')}<Study OID="NCT07273344"><GlobalVariables/><MetaDataVersion OID="MDV.1" Name="v1"><FormDef OID="F.x.V1"/></MetaDataVersion></Study>
<ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="MDV.1">
  <SubjectData SubjectKey="NIJ-0001">
    <StudyEventData StudyEventOID="SE.D0">
      <FormData FormOID="F.baseline.V1">
        <ItemGroupData ItemGroupOID="IG.baseline.demographics">
          <ItemData ItemOID="I.baseline.age_years" Value="54"/>
          <ItemData ItemOID="I.baseline.sex" IsNull="Yes">
            <Annotation SeqNum="1"><Flag><FlagValue CodeListOID="CL.SEPTYPE_MISSING">unknown</FlagValue></Flag></Annotation>
          </ItemData>
        </ItemGroupData>
      </FormData>
    </StudyEventData>
    <StudyEventData StudyEventOID="SE.ICU_DAY" StudyEventRepeatKey="3">
      <FormData FormOID="F.sofa2_day.V1"><ItemGroupData ItemGroupOID="IG.sofa2_day.day"><ItemData ItemOID="I.sofa2_day.icu_day" Value="3"/></ItemGroupData></FormData>
    </StudyEventData>
  </SubjectData>
</ClinicalData>
<vendor:Extra xmlns:vendor="urn:x"><ClinicalData/></vendor:Extra>
</ODM>`;

describe('parseOdm', () => {
  it('reads a snapshot: the nodes with their OIDs, values, missing flags and XML paths', async () => {
    const file = await parseOdmText(snapshot);
    expect(file.problems).toEqual([]);
    expect(file.fileType).toBe('Snapshot');
    expect(file.studies).toEqual([
      expect.objectContaining({ oid: 'NCT07273344', metaDataVersions: [expect.objectContaining({ oid: 'MDV.1' })] }),
    ]);
    expect(file.clinicalData).toHaveLength(1);
    const [clinical] = file.clinicalData;
    expect(clinical).toMatchObject({
      studyOid: 'NCT07273344',
      metaDataVersionOid: 'MDV.1',
      path: '/ODM/ClinicalData[1]',
    });
    const subject = clinical!.subjects[0]!;
    expect(subject.subjectKey).toBe('NIJ-0001');
    expect(subject.studyEvents.map((e) => [e.studyEventOid, e.repeatKey])).toEqual([
      ['SE.D0', null],
      ['SE.ICU_DAY', '3'],
    ]);
    const [age, sex] = subject.studyEvents[0]!.forms[0]!.itemGroups[0]!.items;
    expect(age).toMatchObject({
      itemOid: 'I.baseline.age_years',
      value: '54',
      isNull: false,
      transactionType: null,
      path: '/ODM/ClinicalData[1]/SubjectData[@SubjectKey="NIJ-0001"]/StudyEventData[@StudyEventOID="SE.D0"]/FormData[@FormOID="F.baseline.V1"]/ItemGroupData[1]/ItemData[@ItemOID="I.baseline.age_years"]',
      line: 9,
    });
    expect(sex).toMatchObject({
      isNull: true,
      value: null,
      flags: [{ codeListOid: 'CL.SEPTYPE_MISSING', value: 'unknown' }],
    });
    expect(subject.studyEvents[1]!.path).toMatch(
      /StudyEventData\[@StudyEventOID="SE.ICU_DAY"\]\[@StudyEventRepeatKey="3"\]$/,
    );
  });

  it('reads a transactional file: transaction types, repeat keys, reasons for change, typed ItemData', async () => {
    const file = await parseOdmText(`${head('Transactional')}<ClinicalData StudyOID="S" MetaDataVersionOID="MDV.1">
<SubjectData SubjectKey="A-1" TransactionType="Update"><StudyEventData StudyEventOID="SE.ONCE" TransactionType="Update">
<FormData FormOID="F.treatments.V1" TransactionType="Update">
<AuditRecord><UserRef UserOID="USR.x"/><LocationRef LocationOID="LOC.A"/><DateTimeStamp>2026-03-02T10:00:00Z</DateTimeStamp><ReasonForChange> transcription error </ReasonForChange></AuditRecord>
<ItemGroupData ItemGroupOID="IG.treatments.antibiotics" ItemGroupRepeatKey="2" TransactionType="Insert">
<ItemData ItemOID="I.treatments.antibiotic" Value="meropenem" TransactionType="Insert"/>
<ItemData ItemOID="I.treatments.antibiotic_route" TransactionType="Remove"><AuditRecord><UserRef UserOID="USR.x"/><LocationRef LocationOID="LOC.A"/><DateTimeStamp>2026-03-02T10:00:00Z</DateTimeStamp><ReasonForChange>wrong row</ReasonForChange></AuditRecord></ItemData>
<ItemDataString ItemOID="I.treatments.antibiotic" TransactionType="Upsert">pip &amp; tazo</ItemDataString>
</ItemGroupData>
<ItemGroupData ItemGroupOID="IG.treatments.antibiotics" ItemGroupRepeatKey="3" TransactionType="Remove"/>
</FormData></StudyEventData></SubjectData></ClinicalData></ODM>`);
    expect(file.problems).toEqual([]);
    expect(file.fileType).toBe('Transactional');
    const form = file.clinicalData[0]!.subjects[0]!.studyEvents[0]!.forms[0]!;
    expect(form.reasonForChange).toBe('transcription error');
    expect(form.itemGroups.map((g) => [g.repeatKey, g.transactionType, g.path.split('/').at(-1)])).toEqual([
      ['2', 'Insert', 'ItemGroupData[1]'],
      ['3', 'Remove', 'ItemGroupData[2]'],
    ]);
    expect(form.itemGroups[0]!.items.map((i) => [i.itemOid, i.value, i.transactionType, i.reasonForChange])).toEqual([
      ['I.treatments.antibiotic', 'meropenem', 'Insert', null],
      ['I.treatments.antibiotic_route', null, 'Remove', 'wrong row'],
      ['I.treatments.antibiotic', 'pip & tazo', 'Upsert', null],
    ]);
  });

  it('names problems of ODM structure with their paths, and keeps reading', async () => {
    const file = await parseOdmText(`${head('Snapshot')}<ClinicalData StudyOID="S">
<SubjectData><FormData FormOID="F.x.V1"/></SubjectData>
<SubjectData SubjectKey="B" TransactionType="Delete"/></ClinicalData></ODM>`);
    expect(file.problems).toEqual([
      { path: '/ODM/ClinicalData[1]', line: 3, problem: 'ClinicalData needs its MetaDataVersionOID attribute' },
      {
        path: '/ODM/ClinicalData[1]/SubjectData[@SubjectKey="?"]',
        line: 4,
        problem: 'SubjectData needs its SubjectKey attribute',
      },
      { path: '/ODM/ClinicalData[1]/SubjectData[@SubjectKey="?"]', line: 4, problem: 'FormData does not belong here' },
      {
        path: '/ODM/ClinicalData[1]/SubjectData[@SubjectKey="B"]',
        line: 5,
        problem: 'TransactionType is one of Insert, Update, Remove, Upsert, Context, not "Delete"',
      },
    ]);
  });

  it('gives the line and column of malformed XML, and no data', async () => {
    const file = await parseOdmText(
      `${head('Snapshot')}<ClinicalData StudyOID="S" MetaDataVersionOID="MDV.1">\n  <SubjectData SubjectKey="A"></Subject>\n</ClinicalData></ODM>`,
    );
    expect(file.clinicalData).toEqual([]);
    expect(file.problems).toEqual([
      {
        path: '/',
        line: 4,
        column: expect.any(Number),
        problem: expect.stringMatching(/^the XML is not well-formed: /),
      },
    ]);
  });

  it('refuses a DOCTYPE with a billion-laughs internal subset without expanding it', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE ODM [\n${entities.join('\n')}\n]>\n<ODM xmlns="${ns}" FileType="Snapshot"><ClinicalData StudyOID="&lol9;" MetaDataVersionOID="x">&lol9;</ClinicalData></ODM>`;
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const file = await parseOdmText(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    expect(file.clinicalData).toEqual([]);
    expect(file.problems).toEqual([
      {
        path: '/',
        line: 13,
        column: expect.any(Number),
        problem: expect.stringMatching(/DOCTYPE \(DTD\) is not accepted/),
      },
    ]);
    expect(JSON.stringify(file)).not.toContain('lollol');
  });

  it('refuses an external entity (XXE): the file it names never appears', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ODM xmlns="${ns}" FileType="Snapshot"><ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="MDV.1"><SubjectData SubjectKey="&x;"/></ClinicalData></ODM>`;
    const file = await parseOdmText(xxe);
    expect(file.clinicalData).toEqual([]);
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]!.problem).toMatch(/DOCTYPE/);
    expect(JSON.stringify(file)).not.toMatch(/root:|nologin|\/bin\//);
  });

  it('refuses a DOCTYPE that only names an external DTD', async () => {
    const file = await parseOdmText(
      `<!DOCTYPE ODM SYSTEM "http://example.org/odm.dtd"><ODM xmlns="${ns}" FileType="Snapshot"/>`,
    );
    expect(file.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/DOCTYPE/)]);
  });

  it('refuses an undefined entity', async () => {
    const file = await parseOdmText(
      `${head('Snapshot')}<ClinicalData StudyOID="&secret;" MetaDataVersionOID="MDV.1"/></ODM>`,
    );
    expect(file.clinicalData).toEqual([]);
    expect(file.problems).toEqual([
      { path: '/', line: 3, column: expect.any(Number), problem: expect.stringMatching(/undefined entity/) },
    ]);
  });

  it('refuses a root other than ODM in the ODM 1.3 namespace', async () => {
    const old = await parseOdmText('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.2" FileType="Snapshot"/>');
    expect(old.problems).toEqual([
      expect.objectContaining({
        path: '/',
        problem: expect.stringMatching(/namespace "http:\/\/www.cdisc.org\/ns\/odm\/v1.2"/),
      }),
    ]);
    const none = await parseOdmText('<ODM FileType="Snapshot"/>');
    expect(none.problems[0]!.problem).toMatch(/root ODM in namespace http:\/\/www.cdisc.org\/ns\/odm\/v1.3/);
    const other = await parseOdmText(`<Study xmlns="${ns}"/>`);
    expect(other.problems[0]!.problem).toMatch(/root element is "Study"/);
  });

  it('reads the file in chunks, split anywhere (even inside a character), and refuses bytes that are not UTF-8', async () => {
    const bytes = new TextEncoder().encode(
      snapshot.replace(
        'Value="54"',
        'Value="54"><Annotation><Comment>é ✓</Comment></Annotation></ItemData><ItemData ItemOID="I.baseline.x" Value="ça"',
      ),
    );
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const file = await parseOdm(chunks);
    expect(file.problems).toEqual([]);
    expect(file.clinicalData[0]!.subjects[0]!.studyEvents[0]!.forms[0]!.itemGroups[0]!.items[1]!.value).toBe('ça');

    const latin1 = await parseOdm([new Uint8Array([0x3c, 0x4f, 0x44, 0x4d, 0xe9, 0x3e])]);
    expect(latin1.problems[0]!.problem).toBe('the file is not UTF-8 text');
  });
});
