import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import {
  transactionTypes,
  type OdmClinicalData,
  type OdmDataNode,
  type OdmFile,
  type OdmFlag,
  type OdmFormData,
  type OdmItemData,
  type OdmItemGroupData,
  type OdmStudyEventData,
  type OdmStudyRef,
  type OdmSubjectData,
  type TransactionType,
} from './clinical-data.ts';
import { odmNamespace } from './oids.ts';

/**
 * Reads the clinical data of a CDISC ODM 1.3.2 file with saxes, a streaming parser fed chunk by chunk. A DOCTYPE is
 * refused outright, whatever it holds: no DTD is read, no entity is declared, so an internal subset (billion laughs)
 * is never expanded and an external entity (XXE) never read; an entity other than XML's five is an error. Pure: the
 * caller hands over the file's bytes.
 *
 * Only ClinicalData is read; Study/MetaDataVersion give their OIDs (an import checks they match), and every other
 * element (AdminData, ReferenceData, Signature, vendor extensions in other namespaces) is skipped.
 */

type Frame =
  | { kind: 'skip' }
  | { kind: 'root'; clinicalCount: number }
  | { kind: 'study'; node: OdmStudyRef }
  | { kind: 'clinical'; node: OdmClinicalData }
  | { kind: 'subject'; node: OdmSubjectData }
  | { kind: 'event'; node: OdmStudyEventData }
  | { kind: 'form'; node: OdmFormData; groupCount: number }
  | { kind: 'group'; node: OdmItemGroupData }
  | { kind: 'item'; node: OdmItemData; text: string | null }
  | { kind: 'audit'; owner: OdmDataNode }
  | { kind: 'reason'; owner: OdmDataNode; text: string }
  | { kind: 'annotation'; item: OdmItemData }
  | { kind: 'flag'; item: OdmItemData; flag: OdmFlag }
  | { kind: 'flagValue'; flag: OdmFlag; text: string };

/** Stops the parser at a fatal problem (malformed XML, a DOCTYPE, not ODM). */
class Fatal extends Error {}

/** The most characters of an attribute value quoted in a path. */
const quoted = 60;

export async function parseOdm(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<OdmFile> {
  const reader = new OdmReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source) {
      const text = typeof chunk === 'string' ? chunk : decode(decoder, reader, chunk, true);
      reader.write(text);
    }
    reader.write(decode(decoder, reader, new Uint8Array(), false));
    reader.close();
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
  }
  return reader.result();
}

/** The same, from a string (tests, small files). */
export function parseOdmText(text: string): Promise<OdmFile> {
  return parseOdm([text]);
}

function decode(decoder: TextDecoder, reader: OdmReader, chunk: Uint8Array, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    return reader.fatal('the file is not UTF-8 text');
  }
}

class OdmReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Frame[] = [];
  private readonly file: OdmFile = { fileType: null, fileOid: null, studies: [], clinicalData: [], problems: [] };
  private sawRoot = false;
  private failed = false;

  constructor() {
    const parser = this.parser;
    parser.on('error', (error) =>
      this.fatal(`the XML is not well-formed: ${error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')}`),
    );
    // Refused before anything in it is used: saxes declares no entity from it, and nothing is ever fetched.
    parser.on('doctype', () =>
      this.fatal('a DOCTYPE (DTD) is not accepted: ODM files are read without DTDs or entity declarations'),
    );
    parser.on('xmldecl', (decl) => {
      if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) {
        this.fatal(`the file declares encoding ${excerpt(decl.encoding)}: only UTF-8 is read`);
      }
    });
    parser.on('opentag', (tag) => this.open(tag));
    parser.on('closetag', () => this.closeElement());
    parser.on('text', (text) => this.text(text));
    parser.on('cdata', (text) => this.text(text));
  }

  write(text: string): void {
    if (text !== '') this.parser.write(text);
  }

  close(): void {
    this.parser.close();
    if (!this.sawRoot) this.fatal('the file holds no XML element');
  }

  result(): OdmFile {
    return this.failed ? { ...this.file, studies: [], clinicalData: [] } : this.file;
  }

  /** A problem that ends the reading: at the parser's line and column (1-based both). */
  fatal(problem: string): never {
    this.failed = true;
    this.file.problems.push({ path: '/', line: this.parser.line, column: this.parser.column + 1, problem });
    throw new Fatal(problem);
  }

  private problem(path: string, problem: string): void {
    this.file.problems.push({ path, line: this.parser.line, problem });
  }

  private open(tag: SaxesTagNS): void {
    const parent = this.stack.at(-1);
    if (parent === undefined) {
      this.sawRoot = true;
      if (tag.local !== 'ODM' || tag.uri !== odmNamespace) {
        this.fatal(
          `the root element is ${excerpt(tag.name)}${tag.uri === '' ? '' : ` in namespace ${excerpt(tag.uri)}`}: an ODM file has root ODM in namespace ${odmNamespace}`,
        );
      }
      const fileType = attr(tag, 'FileType');
      if (fileType === 'Snapshot' || fileType === 'Transactional') this.file.fileType = fileType;
      else
        this.problem(
          '/ODM',
          `FileType must be Snapshot or Transactional${fileType === undefined ? '' : `, not ${excerpt(fileType)}`}`,
        );
      this.file.fileOid = attr(tag, 'FileOID') ?? null;
      this.stack.push({ kind: 'root', clinicalCount: 0 });
      return;
    }
    // Elements of other namespaces are vendor extensions: skipped with everything in them.
    if (parent.kind === 'skip' || tag.uri !== odmNamespace) {
      this.stack.push({ kind: 'skip' });
      return;
    }
    this.stack.push(this.child(parent, tag) ?? { kind: 'skip' });
  }

  private child(parent: Frame, tag: SaxesTagNS): Frame | undefined {
    const name = tag.local;
    const line = this.parser.line;
    switch (parent.kind) {
      case 'root':
        if (name === 'Study') {
          const node: OdmStudyRef = {
            path: `/ODM/Study[@OID=${q(attr(tag, 'OID'))}]`,
            line,
            oid: attr(tag, 'OID') ?? '',
            metaDataVersions: [],
          };
          this.file.studies.push(node);
          return { kind: 'study', node };
        }
        if (name === 'ClinicalData') {
          parent.clinicalCount += 1;
          const path = `/ODM/ClinicalData[${parent.clinicalCount}]`;
          const node: OdmClinicalData = {
            path,
            line,
            studyOid: this.required(tag, 'StudyOID', path),
            metaDataVersionOid: this.required(tag, 'MetaDataVersionOID', path),
            subjects: [],
          };
          this.file.clinicalData.push(node);
          return { kind: 'clinical', node };
        }
        return this.misplaced(name, '/ODM');
      case 'study':
        if (name === 'MetaDataVersion') {
          const oid = attr(tag, 'OID') ?? '';
          parent.node.metaDataVersions.push({ path: `${parent.node.path}/MetaDataVersion[@OID=${q(oid)}]`, line, oid });
        }
        // The metadata's content is not read: the study's own protocol is the metadata.
        return undefined;
      case 'clinical': {
        if (name !== 'SubjectData') return this.misplaced(name, parent.node.path);
        const key = attr(tag, 'SubjectKey');
        const path = `${parent.node.path}/SubjectData[@SubjectKey=${q(key)}]`;
        const node: OdmSubjectData = {
          ...this.dataNode(tag, path, line),
          subjectKey: this.required(tag, 'SubjectKey', path),
          studyEvents: [],
        };
        parent.node.subjects.push(node);
        return { kind: 'subject', node };
      }
      case 'subject': {
        if (name === 'AuditRecord') return { kind: 'audit', owner: parent.node };
        if (name !== 'StudyEventData') return this.misplaced(name, parent.node.path);
        const oid = attr(tag, 'StudyEventOID');
        const repeatKey = attr(tag, 'StudyEventRepeatKey') ?? null;
        const path = `${parent.node.path}/StudyEventData[@StudyEventOID=${q(oid)}]${repeatKey === null ? '' : `[@StudyEventRepeatKey=${q(repeatKey)}]`}`;
        const node: OdmStudyEventData = {
          ...this.dataNode(tag, path, line),
          studyEventOid: this.required(tag, 'StudyEventOID', path),
          repeatKey,
          forms: [],
        };
        parent.node.studyEvents.push(node);
        return { kind: 'event', node };
      }
      case 'event': {
        if (name === 'AuditRecord') return { kind: 'audit', owner: parent.node };
        if (name !== 'FormData') return this.misplaced(name, parent.node.path);
        const oid = attr(tag, 'FormOID');
        const formRepeatKey = attr(tag, 'FormRepeatKey') ?? null;
        const path = `${parent.node.path}/FormData[@FormOID=${q(oid)}]${formRepeatKey === null ? '' : `[@FormRepeatKey=${q(formRepeatKey)}]`}`;
        const node: OdmFormData = {
          ...this.dataNode(tag, path, line),
          formOid: this.required(tag, 'FormOID', path),
          formRepeatKey,
          itemGroups: [],
        };
        parent.node.forms.push(node);
        return { kind: 'form', node, groupCount: 0 };
      }
      case 'form': {
        if (name === 'AuditRecord') return { kind: 'audit', owner: parent.node };
        if (name !== 'ItemGroupData') return this.misplaced(name, parent.node.path);
        parent.groupCount += 1;
        const path = `${parent.node.path}/ItemGroupData[${parent.groupCount}]`;
        const node: OdmItemGroupData = {
          ...this.dataNode(tag, path, line),
          itemGroupOid: this.required(tag, 'ItemGroupOID', path),
          repeatKey: attr(tag, 'ItemGroupRepeatKey') ?? null,
          items: [],
        };
        parent.node.itemGroups.push(node);
        return { kind: 'group', node };
      }
      case 'group': {
        if (name === 'AuditRecord') return { kind: 'audit', owner: parent.node };
        if (!name.startsWith('ItemData')) return this.misplaced(name, parent.node.path);
        const oid = attr(tag, 'ItemOID');
        const path = `${parent.node.path}/${name}[@ItemOID=${q(oid)}]`;
        const isNull = attr(tag, 'IsNull');
        if (isNull !== undefined && isNull !== 'Yes')
          this.problem(path, `IsNull is "Yes" or absent, not ${excerpt(isNull)}`);
        const typed = name !== 'ItemData';
        if (typed && attr(tag, 'Value') !== undefined)
          this.problem(path, `${name} holds its value as text, not in a Value attribute`);
        const node: OdmItemData = {
          ...this.dataNode(tag, path, line),
          itemOid: this.required(tag, 'ItemOID', path),
          value: typed ? null : (attr(tag, 'Value') ?? null),
          isNull: isNull === 'Yes',
          flags: [],
        };
        parent.node.items.push(node);
        return { kind: 'item', node, text: typed ? '' : null };
      }
      case 'item':
        if (name === 'AuditRecord') return { kind: 'audit', owner: parent.node };
        if (name === 'Annotation') return { kind: 'annotation', item: parent.node };
        return undefined;
      case 'audit':
        return name === 'ReasonForChange' ? { kind: 'reason', owner: parent.owner, text: '' } : undefined;
      case 'annotation':
        if (name !== 'Flag') return undefined;
        return { kind: 'flag', item: parent.item, flag: { codeListOid: null, value: '' } };
      case 'flag':
        if (name !== 'FlagValue') return undefined;
        parent.flag.codeListOid = attr(tag, 'CodeListOID') ?? null;
        return { kind: 'flagValue', flag: parent.flag, text: '' };
      case 'reason':
      case 'flagValue':
        return undefined;
      case 'skip':
        return undefined;
    }
  }

  private closeElement(): void {
    const frame = this.stack.pop();
    if (frame === undefined) return;
    switch (frame.kind) {
      case 'reason': {
        const reason = frame.text.trim();
        if (reason !== '') frame.owner.reasonForChange = reason;
        return;
      }
      case 'flagValue':
        frame.flag.value = frame.text.trim();
        return;
      case 'flag':
        frame.item.flags.push(frame.flag);
        return;
      case 'item':
        if (frame.text !== null) frame.node.value = frame.text;
        return;
      case 'skip':
      case 'root':
      case 'study':
      case 'clinical':
      case 'subject':
      case 'event':
      case 'form':
      case 'group':
      case 'audit':
      case 'annotation':
        return;
    }
  }

  private text(text: string): void {
    const frame = this.stack.at(-1);
    if (frame === undefined) return;
    if (frame.kind === 'reason' || frame.kind === 'flagValue') frame.text += text;
    else if (frame.kind === 'item' && frame.text !== null) frame.text += text;
  }

  private dataNode(tag: SaxesTagNS, path: string, line: number): OdmDataNode {
    return { path, line, transactionType: this.transactionType(tag, path), reasonForChange: null };
  }

  private transactionType(tag: SaxesTagNS, path: string): TransactionType | null {
    const given = attr(tag, 'TransactionType');
    if (given === undefined) return null;
    if ((transactionTypes as readonly string[]).includes(given)) return given as TransactionType;
    this.problem(path, `TransactionType is one of ${transactionTypes.join(', ')}, not ${excerpt(given)}`);
    return null;
  }

  private required(tag: SaxesTagNS, name: string, path: string): string {
    const value = attr(tag, name);
    if (value === undefined || value.trim() === '') {
      this.problem(path, `${tag.local} needs its ${name} attribute`);
      return '';
    }
    return value;
  }

  /** A data element where it does not belong (FormData directly in SubjectData): a problem; other elements are skipped. */
  private misplaced(name: string, path: string): undefined {
    const data = ['ClinicalData', 'SubjectData', 'StudyEventData', 'FormData', 'ItemGroupData', 'ItemData'];
    if (data.includes(name) || name.startsWith('ItemData')) this.problem(path, `${name} does not belong here`);
    return undefined;
  }
}

/** An attribute without a namespace (ODM's own), by name. */
function attr(tag: SaxesTagNS, name: string): string | undefined {
  const attribute: SaxesAttributeNS | undefined = tag.attributes[name];
  return attribute === undefined || attribute.uri !== '' ? undefined : attribute.value;
}

function excerpt(text: string): string {
  const short = text.length > quoted ? `${text.slice(0, quoted)}…` : text;
  return JSON.stringify(short);
}

/** An attribute value as a path quotes it: `"NIJ-0001"`, `"?"` when absent. */
function q(value: string | undefined): string {
  if (value === undefined) return '"?"';
  const short = value.length > quoted ? `${value.slice(0, quoted)}…` : value;
  return `"${short.replaceAll('"', '&quot;')}"`;
}
