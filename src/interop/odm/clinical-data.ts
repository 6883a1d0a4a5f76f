/**
 * (The ODM import's file: parse.ts fills these.) The clinical data of a CDISC ODM 1.3.2 file as parse.ts reads it:
 * ClinicalData → SubjectData → StudyEventData → FormData → ItemGroupData → ItemData, each node with its XML path
 * (`/ODM/ClinicalData[1]/SubjectData[@SubjectKey="NIJ-0001"]/…`, for messages) and the line it starts on. Nothing
 * here knows the study: the OIDs are as the file spells them. A node's TransactionType is as given on it (null:
 * as its parent's); reasonForChange is its AuditRecord/ReasonForChange.
 */

export const transactionTypes = ['Insert', 'Update', 'Remove', 'Upsert', 'Context'] as const;
export type TransactionType = (typeof transactionTypes)[number];

export interface OdmProblem {
  path: string;
  line?: number;
  column?: number;
  problem: string;
}

export interface OdmNode {
  path: string;
  line: number;
}

export interface OdmDataNode extends OdmNode {
  transactionType: TransactionType | null;
  reasonForChange: string | null;
}

export interface OdmFlag {
  codeListOid: string | null;
  value: string;
}

export interface OdmItemData extends OdmDataNode {
  itemOid: string;
  value: string | null;
  isNull: boolean;
  flags: OdmFlag[];
}

export interface OdmItemGroupData extends OdmDataNode {
  itemGroupOid: string;
  repeatKey: string | null;
  items: OdmItemData[];
}

export interface OdmFormData extends OdmDataNode {
  formOid: string;
  formRepeatKey: string | null;
  itemGroups: OdmItemGroupData[];
}

export interface OdmStudyEventData extends OdmDataNode {
  studyEventOid: string;
  repeatKey: string | null;
  forms: OdmFormData[];
}

export interface OdmSubjectData extends OdmDataNode {
  subjectKey: string;
  studyEvents: OdmStudyEventData[];
}

export interface OdmClinicalData extends OdmNode {
  studyOid: string;
  metaDataVersionOid: string;
  subjects: OdmSubjectData[];
}

export interface OdmStudyRef extends OdmNode {
  oid: string;
  metaDataVersions: (OdmNode & { oid: string })[];
}

export interface OdmFile {
  fileType: 'Snapshot' | 'Transactional' | null;
  fileOid: string | null;
  studies: OdmStudyRef[];
  clinicalData: OdmClinicalData[];
  problems: OdmProblem[];
}
